import { Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { RANGE_LABEL, useUptime } from './historyApi';
import { formatPct } from './presentation';
import type { Range } from './types';

const RANGES: Range[] = ['24h', '7d', '30d', '90d'];

function Figure({ monitorId, range }: { monitorId: string; range: Range }) {
  const uptime = useUptime(monitorId, range);
  const pct = uptime.data?.uptime_pct ?? null;
  return (
    <Paper withBorder radius="md" p="sm" data-testid={`uptime-${range}`}>
      <Stack gap={0}>
        <Text size="xs" c="dimmed">
          Last {RANGE_LABEL[range]}
        </Text>
        <Text fw={700} size="xl" c={pct === null ? 'dimmed' : pct < 99 ? 'red' : undefined}>
          {uptime.isPending ? '…' : pct === null ? '—' : formatPct(pct)}
        </Text>
        {!uptime.isPending && pct === null && (
          <Text size="xs" c="dimmed">
            No history yet
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

/** Uptime over the last day, week, month and quarter. */
export function UptimeFigures({ monitorId }: { monitorId: string }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" aria-label="Uptime" role="group">
      {RANGES.map((r) => (
        <Figure key={r} monitorId={monitorId} range={r} />
      ))}
    </SimpleGrid>
  );
}
