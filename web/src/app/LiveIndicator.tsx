import { Badge } from '@mantine/core';
import { Hint } from '../ui/Hint';
import { type LiveState, useLiveUpdates } from './useLiveUpdates';

const VIEW: Record<LiveState, { color: string; label: string; hint: string }> = {
  live: { color: 'green', label: 'Live', hint: 'Changes appear as they happen' },
  // Short enough for the phone header, where "Reconnecting" was cut to "Reconn…".
  connecting: { color: 'yellow', label: 'Paused', hint: 'Live updates paused; reconnecting…' },
  offline: { color: 'red', label: 'Offline', hint: 'Live updates stopped; reload the page' },
};

/** The live feed's state in the header; owning the feed here keeps its changes from re-rendering the frame. */
export function LiveIndicator() {
  const state = useLiveUpdates(true);
  const v = VIEW[state];
  return (
    <Hint label={v.hint}>
      <Badge variant="dot" color={v.color} size="sm" data-testid="live-status" data-state={state}>
        {v.label}
      </Badge>
    </Hint>
  );
}
