import { Anchor, Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { useUptimeBars } from './historyApi';
import { Link } from 'react-router';
import { LocationChip, StateDot } from './MonitorState';
import { formatLatency, lastLatency, locationStatus, shownState, targetSummary, TYPE_LABEL } from './presentation';
import type { Monitor, UptimeDay } from './types';
import { UptimeBar } from './UptimeBar';

/** One monitor in the list: its state in words, what it checks, where from, how fast, 90 days. */
export function MonitorRow({ monitor: m, days }: { monitor: Monitor; days: UptimeDay[] | null | undefined }) {
  const state = shownState(m);
  const latency = lastLatency(m);
  return (
    <Paper withBorder radius="md" p="sm" data-testid="monitor-row" data-state={state}>
      <Group gap="sm" wrap="wrap" align="center">
        <div style={{ flex: '0 0 96px' }}>
          <StateDot state={state} />
        </div>
        <Stack gap={4} style={{ flex: '1 1 260px', minWidth: 0 }}>
          <Group gap={6} wrap="nowrap">
            <Anchor component={Link} to={`/monitors/${m.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
              {m.name}
            </Anchor>
            {m.flapping && (
              <Badge color="orange" variant="light" size="xs">
                Flapping
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {TYPE_LABEL[m.type]} · {targetSummary(m)}
          </Text>
          {m.location_states.length > 1 && (
            <Group gap={4}>
              {m.location_states.map((l) => (
                <LocationChip key={l.location} location={l.location} {...locationStatus(l)} />
              ))}
            </Group>
          )}
        </Stack>
        <Text size="sm" c="dimmed" style={{ flex: '0 0 72px' }} title="Latency of the last check">
          {formatLatency(latency)}
        </Text>
        <div style={{ flex: '1 1 200px', maxWidth: 300, minWidth: 0 }}>
          <UptimeBar days={days} label={`${m.name}, 90-day uptime`} />
        </div>
      </Group>
    </Paper>
  );
}

/** Monitors as rows, each with its 90-day bar (read for them all at once): the Monitors page's list, and a service's. */
export function MonitorRows({ items, label }: { items: readonly Monitor[]; label: string }) {
  const bars = useUptimeBars(items.map((m) => m.id));
  return (
    <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={label}>
      {items.map((m) => (
        <li key={m.id}>
          <MonitorRow monitor={m} days={bars.data?.get(m.id) ?? null} />
        </li>
      ))}
    </Stack>
  );
}
