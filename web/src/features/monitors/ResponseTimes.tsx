import { Center, Group, Loader, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useViewerTimeZone } from '../../ui/viewerTimeZone';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { chartData } from './chartData';
import { useResponseTimes, useUptimeBars } from './historyApi';
import type { Range } from './types';
import { UptimeBar } from './UptimeBar';

// uPlot and its CSS come with the chart's own chunk, fetched when a chart is first drawn.
const ResponseTimeChart = lazy(async () => ({ default: (await import('./ResponseTimeChart')).ResponseTimeChart }));

const RANGES: Range[] = ['1h', '24h', '7d', '30d'];
const SPAN_S: Record<Range, number> = { '1h': 3600, '24h': 86_400, '7d': 604_800, '30d': 2_592_000, '90d': 7_776_000 };

/** Response time per location over a chosen range, and 90 days of uptime under it. */
export function ResponseTimes({ monitorId, name }: { monitorId: string; name: string }) {
  const [range, setRange] = useState<Range>('24h');
  const times = useResponseTimes(monitorId, range);
  const bars = useUptimeBars([monitorId]);
  const data = useMemo(() => (times.data ? chartData(times.data) : null), [times.data]);
  const timeZone = useViewerTimeZone();
  const loader = (
    <Center h={240}>
      <Loader size="sm" aria-label="Loading response times" />
    </Center>
  );
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="response-times">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4" id="response-times">
            Response time
          </Title>
          <SegmentedControl size="xs" aria-label="Range" value={range} onChange={(r) => setRange(r as Range)} data={RANGES.map((r) => ({ value: r, label: r }))} />
        </Group>
        <ErrorAlert error={times.error} title="Could not load response times" />
        {times.isPending ? (
          loader
        ) : data ? (
          <Suspense fallback={loader}>
            <ResponseTimeChart data={data} spanS={SPAN_S[range]} timeZone={timeZone} />
          </Suspense>
        ) : (
          <Text c="dimmed" size="sm" py="lg" ta="center" data-testid="no-response-times">
            {times.data?.kind === 'none' || !times.data
              ? 'No history yet: response times show here after the first checks.'
              : 'No check in this range was answered: a failed check has no response time.'}
          </Text>
        )}
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            Uptime, last 90 days
          </Text>
          <UptimeBar days={bars.data?.get(monitorId) ?? null} label={`${name}, 90-day uptime`} />
        </Stack>
      </Stack>
    </Paper>
  );
}
