import { IconUsersGroup } from '@tabler/icons-react';
import { type Feature, lazyPage } from '../../app/feature';

export const teamsFeature: Feature = {
  name: 'teams',
  routes: [{ path: '/teams', page: lazyPage(() => import('./TeamListPage'), 'TeamListPage') }],
  nav: { to: '/teams', label: 'Teams', icon: IconUsersGroup, order: 30, minRole: 'viewer' },
};
