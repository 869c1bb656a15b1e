import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { When } from '../../ui/When';
import { useMonitorEvents } from './historyApi';
import type { MonitorEvent } from './types';

const KIND: Record<string, { label: string; color: string }> = {
  down: { label: 'Down', color: 'red' },
  up: { label: 'Up', color: 'green' },
  degraded: { label: 'Degraded', color: 'yellow' },
  alert_opened: { label: 'Alert opened', color: 'red' },
  alert_resolved: { label: 'Alert resolved', color: 'green' },
  flapping: { label: 'Flapping', color: 'orange' },
  paused: { label: 'Paused', color: 'blue' },
  resumed: { label: 'Resumed', color: 'blue' },
  maintenance_start: { label: 'Maintenance began', color: 'blue' },
  maintenance_end: { label: 'Maintenance ended', color: 'blue' },
};

const SHOWN = 30;

function EventLine({ e, now }: { e: MonitorEvent; now: number }) {
  const kind = KIND[e.kind] ?? { label: e.kind.replace(/_/g, ' '), color: 'gray' };
  return (
    <Group gap="xs" wrap="wrap" align="baseline" data-testid="monitor-event">
      <Text size="sm" c="dimmed" style={{ flex: '0 0 auto' }}>
        <When iso={e.at} now={now} />
      </Text>
      <Badge variant="light" color={kind.color} tt="none" size="sm">
        {kind.label}
      </Badge>
      <Text size="sm" style={{ flex: '1 1 200px', minWidth: 0, overflowWrap: 'anywhere' }}>
        {e.location ? `${e.location}: ` : ''}
        {e.message}
      </Text>
    </Group>
  );
}

/** State changes, alerts and maintenance of the last 30 days, newest first. */
export function MonitorEvents({ monitorId, now }: { monitorId: string; now: number }) {
  const events = useMonitorEvents(monitorId);
  const list = events.data ?? [];
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="monitor-events">
      <Stack gap="sm">
        <Title order={2} size="h4" id="monitor-events">
          Recent events
        </Title>
        {events.isPending ? (
          <Text size="sm" c="dimmed">
            Loading…
          </Text>
        ) : list.length === 0 ? (
          <Text size="sm" c="dimmed">
            {events.data === null ? 'No history yet.' : 'Nothing happened in the last 30 days.'}
          </Text>
        ) : (
          <Stack gap={6} component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Events, newest first">
            {list.slice(0, SHOWN).map((e, i) => (
              <li key={`${e.at}-${i}`}>
                <EventLine e={e} now={now} />
              </li>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
