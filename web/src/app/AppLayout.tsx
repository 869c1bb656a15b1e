import { AppShell, Button, Container, Group } from '@mantine/core';
import { IconFlame } from '@tabler/icons-react';
import { Suspense } from 'react';
import { Link, Outlet } from 'react-router';
import type { User } from '../features/session/types';
import { ColorSchemeToggle } from '../ui/ColorSchemeToggle';
import { Logo } from '../ui/Logo';
import { knownTimeZone } from '../ui/timeZones';
import { ViewerTimeZone } from '../ui/viewerTimeZone';
import { AppNav, MobileNav } from './AppNav';
import { PageLoader } from './PageLoader';
import { LiveIndicator } from './LiveIndicator';
import { useLiveUpdates } from './useLiveUpdates';
import { UserMenu } from './UserMenu';

/** The signed-in frame: header with navigation, live status, theme and the user; pages below. */
export function AppLayout({ user }: { user: User }) {
  const live = useLiveUpdates(true);
  return (
    <ViewerTimeZone value={knownTimeZone(user.time_zone)}>
      <AppShell header={{ height: 56 }} padding={0}>
        <AppShell.Header>
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
                <LiveIndicator state={live} />
                <Button component={Link} to="/incidents/new" color="red" size="compact-sm" hiddenFrom="sm" aria-label="Declare incident">
                  <IconFlame size={16} />
                </Button>
                <ColorSchemeToggle />
                <UserMenu user={user} />
              </Group>
            </Group>
          </Container>
        </AppShell.Header>
        <AppShell.Main>
          <Container size="lg" py="md" px={{ base: 'sm', sm: 'md' }}>
            <Suspense fallback={<PageLoader />}>
              <Outlet />
            </Suspense>
          </Container>
        </AppShell.Main>
      </AppShell>
    </ViewerTimeZone>
  );
}
