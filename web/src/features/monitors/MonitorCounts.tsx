import { Badge, Group } from '@mantine/core';
import { useMonitorCounts } from './api';
import { STATE_COLOR, STATE_LABEL } from './presentation';
import type { ShownState } from './types';

const SHOWN: ShownState[] = ['down', 'degraded', 'up', 'paused'];

/** How many are up, degraded, down and paused, as coloured badges with their words. */
export function MonitorCounts() {
  const counts = useMonitorCounts().data;
  if (!counts) return null;
  const shown = SHOWN.filter((s) => s === 'up' || counts[s] > 0);
  if (counts.unknown > 0) shown.push('unknown');
  return (
    <Group gap={6} data-testid="monitor-counts" aria-label="Monitors by state" role="group">
      {shown.map((s) => (
        <Badge key={s} color={STATE_COLOR[s]} variant={s === 'down' && counts.down > 0 ? 'filled' : 'light'} size="lg" tt="none">
          {counts[s]} {STATE_LABEL[s].toLowerCase()}
        </Badge>
      ))}
    </Group>
  );
}
