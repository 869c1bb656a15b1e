import { Anchor, Center, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { get, query } from '../../app/api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useClientLinks } from '../../ui/useClientLinks';
import { useNow } from '../../ui/useNow';
import { incidentsKey } from '../incidents/api';
import { IncidentRow } from '../incidents/IncidentRow';
import { byUrgency } from '../incidents/ordering';
import { type IncidentPage, OPEN_STATUSES } from '../incidents/types';
import { Panel } from '../../ui/Panel';

const RECENT = 10;

/** A service's open incidents, what is on fire first, then its most recent finished ones. */
function useServiceIncidents(serviceId: string) {
  return useQuery({
    // Under the incidents key, so a live incident event refreshes it like the list.
    queryKey: [...incidentsKey, 'service', serviceId],
    queryFn: async () => {
      const [open, recent] = await Promise.all([
        get<IncidentPage>(`/incidents${query({ service_id: serviceId, status: OPEN_STATUSES.join(','), limit: 200 })}`),
        get<IncidentPage>(`/incidents${query({ service_id: serviceId, status: 'resolved,closed', limit: RECENT })}`),
      ]);
      return { open: [...open.items].sort(byUrgency), recent: recent.items, moreOpen: !!open.next_cursor };
    },
  });
}

export function ServiceIncidents({ serviceId }: { serviceId: string }) {
  const incidents = useServiceIncidents(serviceId);
  const now = useNow();
  const openLink = useClientLinks();
  const list = incidents.data ? [...incidents.data.open, ...incidents.data.recent] : [];
  return (
    <Panel id="service-incidents" title="Incidents">
      <ErrorAlert error={incidents.error} title="Could not load incidents" />
      {incidents.isPending ? (
        <Center py="md">
          <Loader size="sm" aria-label="Loading incidents" />
        </Center>
      ) : list.length === 0 ? (
        <Text c="dimmed" size="sm">
          No incidents have named this service.
        </Text>
      ) : (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Incidents of this service" onClick={openLink}>
          {list.map((i) => (
            <li key={i.id}>
              <IncidentRow incident={i} now={now} />
            </li>
          ))}
        </Stack>
      )}
      <Anchor component={Link} to={`/incidents?view=all&service=${encodeURIComponent(serviceId)}`} size="sm">
        All incidents of this service
      </Anchor>
    </Panel>
  );
}
