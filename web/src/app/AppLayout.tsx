import { Button, Container, Group } from '@mantine/core';
import { IconFlame } from '@tabler/icons-react';
import { Suspense } from 'react';
import { Link, Outlet } from 'react-router';
import { PagingHealthBanner } from '../features/channels/PagingHealthBanner';
import { canDeclare } from '../features/session/permissions';
import type { User } from '../features/session/types';
import { ColorSchemeToggle } from '../ui/ColorSchemeToggle';
import { Logo } from '../ui/Logo';
import { ViewerTimeZone } from '../ui/viewerTimeZone';
import classes from './AppLayout.module.css';
import { AppNav, MobileNav } from './AppNav';
import { LiveIndicator } from './LiveIndicator';
import { PageLoader } from './PageLoader';
import { UserMenu } from './UserMenu';

/** The signed-in frame: header with navigation, live status, theme and the user; pages below. */
export function AppLayout({ user }: { user: User }) {
  return (
    <ViewerTimeZone value={user.time_zone}>
      <header className={classes.header}>
        <Container size="lg" h="100%" px={{ base: 'xs', sm: 'md' }}>
          <Group h="100%" justify="space-between" wrap="nowrap" gap="xs">
            <Group gap="md" wrap="nowrap">
              <MobileNav role={user.role} />
              <Link to="/incidents" style={{ textDecoration: 'none', color: 'inherit' }} aria-label="Tocsin: incidents">
                <Logo size="md" />
              </Link>
              <AppNav role={user.role} />
            </Group>
            <Group gap="xs" wrap="nowrap">
              <LiveIndicator />
              {canDeclare(user.role) && (
                <Button component={Link} to="/incidents/new" color="red" size="compact-sm" hiddenFrom="sm" aria-label="Declare incident">
                  <IconFlame size={16} />
                </Button>
              )}
              <ColorSchemeToggle />
              <UserMenu user={user} />
            </Group>
          </Group>
        </Container>
      </header>
      <main className={classes.main}>
        <Container size="lg" py="md" px={{ base: 'sm', sm: 'md' }}>
          <PagingHealthBanner role={user.role} />
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </Container>
      </main>
    </ViewerTimeZone>
  );
}
