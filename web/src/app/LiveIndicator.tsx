import { Badge, Tooltip } from '@mantine/core';
import type { LiveState } from './useLiveUpdates';

const VIEW: Record<LiveState, { color: string; label: string; hint: string }> = {
  live: { color: 'green', label: 'Live', hint: 'Changes appear as they happen' },
  connecting: { color: 'yellow', label: 'Reconnecting', hint: 'Live updates paused; reconnecting…' },
  offline: { color: 'red', label: 'Offline', hint: 'Live updates stopped; reload the page' },
};

export function LiveIndicator({ state }: { state: LiveState }) {
  const v = VIEW[state];
  return (
    <Tooltip label={v.hint}>
      <Badge variant="dot" color={v.color} size="sm" data-testid="live-status" data-state={state}>
        {v.label}
      </Badge>
    </Tooltip>
  );
}
