import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { Link } from 'react-router';
import { get } from '../../app/api';
import { When } from '../../ui/When';
import { incidentsKey } from '../incidents/api';
import type { Incident } from '../incidents/types';
import { useMonitorAlerts } from './historyApi';
import type { Alert } from './types';
import { Panel } from '../../ui/Panel';

/** The incidents its alerts opened or joined, each once (under the incidents key: live events refresh them). */
function useIncidentsOf(alerts: Alert[]) {
  const ids = [...new Set(alerts.flatMap((a) => (a.incident_id ? [a.incident_id] : [])))];
  const found = useQueries({
    queries: ids.map((id) => ({ queryKey: [...incidentsKey, 'detail', id], queryFn: () => get<Incident>(`/incidents/${encodeURIComponent(id)}`), staleTime: 30_000 })),
  });
  return new Map(found.flatMap((q) => (q.data ? [[q.data.id, q.data] as const] : [])));
}

function AlertLine({ alert: a, incident, now }: { alert: Alert; incident: Incident | undefined; now: number }) {
  // The incident's number is its address in the app (/incidents/12); its id works too, until it loads.
  const to = `/incidents/${incident?.number ?? a.incident_id}`;
  return (
    <Group gap="xs" wrap="wrap" align="baseline" data-testid="monitor-alert">
      <Badge variant={a.status === 'open' ? 'filled' : 'light'} color={a.status === 'open' ? 'red' : 'green'} tt="none" size="sm">
        {a.status === 'open' ? 'Open' : 'Resolved'}
      </Badge>
      {a.incident_id ? (
        <Anchor component={Link} to={to} size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
          {incident ? `#${incident.number} ${incident.title}` : 'Its incident'}
        </Anchor>
      ) : (
        <Text size="sm">{a.summary}</Text>
      )}
      <Text size="sm" c="dimmed">
        from <When iso={a.started_at} now={now} />
        {a.resolved_at && (
          <>
            {' '}
            to <When iso={a.resolved_at} now={now} />
          </>
        )}
      </Text>
    </Group>
  );
}

/** The alerts this monitor raised and the incidents they opened or joined, newest first. */
export function MonitorIncidents({ monitorId, now }: { monitorId: string; now: number }) {
  const alerts = useMonitorAlerts(monitorId);
  const list = alerts.data ?? [];
  const incidents = useIncidentsOf(list);
  return (
    <Panel id="monitor-incidents" title="Incidents">
      {list.length === 0 ? (
        <Text size="sm" c="dimmed">
          {alerts.isPending ? 'Loading…' : alerts.isError ? 'Could not load its alerts.' : 'It has not opened an incident.'}
        </Text>
      ) : (
        <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Alerts of this monitor">
          {list.map((a) => (
            <li key={a.id}>
              <AlertLine alert={a} incident={a.incident_id ? incidents.get(a.incident_id) : undefined} now={now} />
            </li>
          ))}
        </Stack>
      )}
    </Panel>
  );
}
