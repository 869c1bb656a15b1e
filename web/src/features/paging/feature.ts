import { IconBellRinging } from '@tabler/icons-react';
import { type Feature, lazyPage } from '../../app/feature';
import { pagingKey } from './api';

export const pagingFeature: Feature = {
  name: 'paging',
  routes: [{ path: '/pages', page: lazyPage(() => import('./MyPagesPage'), 'MyPagesPage') }],
  nav: { to: '/pages', label: 'My pages', icon: IconBellRinging, order: 15, minRole: 'viewer' },
  // Pages are planned, sent, delivered and answered as the incident changes (background jobs too).
  live: [{ topic: 'incident', queryKeys: [pagingKey] }],
};
