import { Badge, Group, Text } from '@mantine/core';
import classes from './monitors.module.css';
import { STATE_COLOR, STATE_LABEL } from './presentation';
import type { ShownState } from './types';

/** A coloured dot and the state in words, so the colour is never the only cue. */
export function StateDot({ state, label, size = 'sm' }: { state: ShownState; label?: string; size?: 'xs' | 'sm' | 'md' }) {
  return (
    <Group gap={6} wrap="nowrap" data-testid="monitor-state" data-state={state}>
      <span className={classes.dot} style={{ background: `var(--mantine-color-${STATE_COLOR[state]}-${state === 'unknown' ? 5 : 6})` }} aria-hidden />
      <Text size={size} fw={600} span>
        {label ?? STATE_LABEL[state]}
      </Text>
    </Group>
  );
}

/** A location's state as a small chip: "eu-west: Up". */
export function LocationChip({ location, label, color }: { location: string; label: string; color: string }) {
  return (
    <Badge variant="light" color={color} size="sm" radius="sm" tt="none" style={{ maxWidth: '100%' }}>
      {location}: {label}
    </Badge>
  );
}
