import { IconCalendarUser } from '@tabler/icons-react';
import { type Feature, lazyPage } from '../../app/feature';

// The query key is spelled here, not imported from ./api, so nothing of the feature but this
// file reaches the first chunk.
export const schedulesFeature: Feature = {
  name: 'schedules',
  routes: [
    { path: '/schedules', page: lazyPage(() => import('./ScheduleListPage'), 'ScheduleListPage') },
    { path: '/schedules/new', page: lazyPage(() => import('./ScheduleNewPage'), 'ScheduleNewPage') },
    { path: '/schedules/:id', page: lazyPage(() => import('./ScheduleDetailPage'), 'ScheduleDetailPage') },
  ],
  nav: { to: '/schedules', label: 'On call', icon: IconCalendarUser, order: 18, minRole: 'viewer' },
};
