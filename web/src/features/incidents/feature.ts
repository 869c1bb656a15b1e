import { IconFlame } from '@tabler/icons-react';
import { type Feature, lazyPage } from '../../app/feature';
import { incidentsKey } from './api';

export const incidentsFeature: Feature = {
  name: 'incidents',
  routes: [
    { path: '/incidents', page: lazyPage(() => import('./IncidentListPage'), 'IncidentListPage') },
    { path: '/incidents/new', page: lazyPage(() => import('./DeclareIncidentPage'), 'DeclareIncidentPage') },
    { path: '/incidents/:ref', page: lazyPage(() => import('./IncidentDetailPage'), 'IncidentDetailPage') },
  ],
  nav: { to: '/incidents', label: 'Incidents', icon: IconFlame, order: 10, minRole: 'viewer' },
  // Every committed change to an incident (from any path, background jobs too): list, detail, timeline.
  live: [{ topic: 'incident', queryKeys: [incidentsKey] }],
};
