import { ActionIcon, Group, Menu, UnstyledButton } from '@mantine/core';
import { IconMenu2, IconUserCircle } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import type { Role } from '../features/session/types';
import classes from './AppNav.module.css';
import { FEATURES } from './features';
import { inSection, navItems } from './navigation';

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
  const { pathname } = useLocation();
  return (
    <Menu position="bottom-start" width={200} withinPortal>
      <Menu.Target>
        <ActionIcon variant="default" size="lg" hiddenFrom="sm" aria-label="Open navigation">
          <IconMenu2 size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {navItems(FEATURES, role).map((item) => (
          <Menu.Item key={item.to} component={Link} to={item.to} leftSection={<item.icon size={16} />} fw={inSection(pathname, item.to) ? 700 : undefined}>
            {item.label}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item component={Link} to="/profile" leftSection={<IconUserCircle size={16} />}>
          My profile
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
