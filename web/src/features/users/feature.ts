import { IconAddressBook } from '@tabler/icons-react';
import { type Feature, lazyPage } from '../../app/feature';

export const usersFeature: Feature = {
  name: 'users',
  routes: [
    { path: '/people', page: lazyPage(() => import('./PeoplePage'), 'PeoplePage') },
    { path: '/invite/:token', page: lazyPage(() => import('./InvitePage'), 'InvitePage'), public: true },
  ],
  nav: { to: '/people', label: 'People', icon: IconAddressBook, order: 40, minRole: 'viewer' },
};
