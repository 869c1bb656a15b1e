import { IconActivityHeartbeat } from '@tabler/icons-react';
import { type Feature, lazyPage } from '../../app/feature';

// The query key is spelled here, not imported from ./api, so nothing of the feature but this
// file reaches the first chunk.
const monitorsKey = ['monitors'];

export const monitorsFeature: Feature = {
  name: 'monitors',
  routes: [
    { path: '/monitors', page: lazyPage(() => import('./MonitorListPage'), 'MonitorListPage') },
    { path: '/monitors/new', page: lazyPage(() => import('./MonitorNewPage'), 'MonitorNewPage') },
    { path: '/monitors/:id', page: lazyPage(() => import('./MonitorDetailPage'), 'MonitorDetailPage') },
  ],
  nav: { to: '/monitors', label: 'Monitors', icon: IconActivityHeartbeat, order: 15, minRole: 'viewer' },
  // A monitor added, changed, paused or changing state; an alert opening or resolving (its incidents).
  live: [
    { topic: 'monitor', queryKeys: [monitorsKey] },
    { topic: 'alert', queryKeys: [monitorsKey] },
  ],
};
