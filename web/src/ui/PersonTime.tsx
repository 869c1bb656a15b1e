import { Group, Text, Tooltip } from '@mantine/core';
import { IconMoon } from '@tabler/icons-react';
import { isNightIn, localTimeIn } from './timeZones';

/** "Europe/Paris · Tue 03:12" with a moon when it is night there. */
export function PersonTime({ zone, now }: { zone: string; now: number }) {
  const night = isNightIn(zone, now);
  return (
    <Group gap={4} wrap="nowrap" data-testid="person-time">
      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        {zone} · {localTimeIn(zone, now)} there
      </Text>
      {night && (
        <Tooltip label="Night where they are: call, do not just message">
          <IconMoon size={14} aria-label="Night there" color="var(--mantine-color-yellow-6)" />
        </Tooltip>
      )}
    </Group>
  );
}
