import { ActionIcon, Group, UnstyledButton } from '@mantine/core';
import { IconMenu2 } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import type { Role } from '../features/session/types';
import { useIdleImport } from '../ui/idle';
import classes from './AppNav.module.css';
import { FEATURES } from './features';
import { inSection, navItems } from './navigation';

// Mantine's Menu (with Popover and floating-ui) is not needed to paint the header: it loads at the
// first idle moment, or when the button is pressed before that (and then opens at once).
const loadNavMenu = () => import('./NavMenu');

/** Section links in the header from the `sm` breakpoint up. */
export function AppNav({ role }: { role: Role }) {
  const { pathname } = useLocation();
  return (
    <Group gap={4} visibleFrom="sm" component="nav" aria-label="Main">
      {navItems(FEATURES, role).map((item) => {
        const active = inSection(pathname, item.to);
        return (
          <UnstyledButton key={item.to} component={Link} to={item.to} className={classes.link} data-active={active || undefined} aria-current={active ? 'page' : undefined}>
            {item.label}
          </UnstyledButton>
        );
      })}
    </Group>
  );
}

/** The same links, plus the profile, in a menu on phones. */
export function MobileNav({ role }: { role: Role }) {
  const [asked, setAsked] = useState(false);
  const NavMenu = useIdleImport(loadNavMenu, asked)?.NavMenu;
  if (NavMenu) return <NavMenu role={role} openAtOnce={asked} />;
  return (
    <ActionIcon variant="default" size="lg" hiddenFrom="sm" aria-label="Open navigation" loading={asked} onClick={() => setAsked(true)}>
      <IconMenu2 size={18} />
    </ActionIcon>
  );
}
