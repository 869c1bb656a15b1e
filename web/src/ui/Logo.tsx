import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';

export function Logo({ size = 'lg' }: { size?: 'md' | 'lg' | 'xl' }) {
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon color="red" variant="filled" radius="md" size={size}>
        <IconBell size={18} stroke={2.2} aria-hidden />
      </ThemeIcon>
      <Text fw={800} size={size} style={{ letterSpacing: '-0.02em' }}>
        Tocsin
      </Text>
    </Group>
  );
}
