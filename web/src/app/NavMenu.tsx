import { ActionIcon, Menu } from '@mantine/core';
import { IconMenu2, IconUserCircle } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import type { Role } from '../features/session/types';
import { FEATURES } from './features';
import { inSection, navItems } from './navigation';

/** The phone's navigation menu (loaded lazily by MobileNav); `openAtOnce` when pressed while it loaded. */
export function NavMenu({ role, openAtOnce }: { role: Role; openAtOnce: boolean }) {
  const { pathname } = useLocation();
  return (
    <Menu position="bottom-start" width={200} withinPortal defaultOpened={openAtOnce}>
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
