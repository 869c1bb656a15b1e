import { IconFlame } from '@tabler/icons-react';
import { eagerPage, type Feature, lazyPage } from '../../app/feature';
import { incidentListQuery, incidentsKey } from './api';
import { IncidentListPage } from './IncidentListPage';
import { listFiltersOf, readFilters } from './listFilters';

export const incidentsFeature: Feature = {
  name: 'incidents',
  routes: [
    {
      path: '/incidents',
      page: eagerPage(IncidentListPage),
      // The signed-in home: its first page of incidents loads alongside the session check.
      prefetch: (qc, search) => {
        const filters = readFilters(search);
        void qc.prefetchInfiniteQuery(incidentListQuery(listFiltersOf(filters, filters.q)));
      },
    },
    { path: '/incidents/new', page: lazyPage(() => import('./DeclareIncidentPage'), 'DeclareIncidentPage') },
    { path: '/incidents/:ref', page: lazyPage(() => import('./IncidentDetailPage'), 'IncidentDetailPage') },
  ],
  nav: { to: '/incidents', label: 'Incidents', icon: IconFlame, order: 10, minRole: 'viewer' },
  // Every committed change to an incident (from any path, background jobs too): list, detail, timeline.
  // An alert opened, acknowledged or resolved: the Alerts panel of the incident pages shown.
  // A change (a deploy) recorded: the Recent changes panel.
  live: [
    { topic: 'incident', queryKeys: [incidentsKey] },
    { topic: 'alert', queryKeys: [[...incidentsKey, 'alerts']] },
    { topic: 'change', queryKeys: [[...incidentsKey, 'changes']] },
  ],
};
