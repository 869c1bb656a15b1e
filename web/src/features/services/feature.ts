import { IconServer } from '@tabler/icons-react';
import { type Feature, lazyPage } from '../../app/feature';

export const servicesFeature: Feature = {
  name: 'services',
  routes: [
    { path: '/services', page: lazyPage(() => import('./ServiceListPage'), 'ServiceListPage') },
    { path: '/services/:id', page: lazyPage(() => import('./ServiceDetailPage'), 'ServiceDetailPage') },
  ],
  nav: { to: '/services', label: 'Services', icon: IconServer, order: 20, minRole: 'viewer' },
  // A change (a deploy) recorded: the service page's list of changes (deploys are rare enough
  // that refreshing the services' queries for each costs nothing).
  live: [{ topic: 'change', queryKeys: [['services']] }],
};
