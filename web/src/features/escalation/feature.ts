import { IconStairsUp } from '@tabler/icons-react';
import { type Feature, lazyPage } from '../../app/feature';

export const escalationFeature: Feature = {
  name: 'escalation',
  routes: [
    { path: '/escalation-policies', page: lazyPage(() => import('./PolicyListPage'), 'PolicyListPage') },
    { path: '/escalation-policies/new', page: lazyPage(() => import('./PolicyNewPage'), 'PolicyNewPage') },
    { path: '/escalation-policies/:id', page: lazyPage(() => import('./PolicyDetailPage'), 'PolicyDetailPage') },
  ],
  nav: { to: '/escalation-policies', label: 'Escalation', icon: IconStairsUp, order: 19, minRole: 'viewer' },
};
