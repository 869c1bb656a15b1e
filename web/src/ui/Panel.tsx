import { Paper, Stack, Title, type MantineSpacing } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A titled section of a page (a service's incidents, its changes, a monitor's locations): a
 * bordered box whose heading names it for screen readers (aria-labelledby `id`).
 */
export function Panel({ id, title, gap = 'sm', children }: { id: string; title: ReactNode; gap?: MantineSpacing; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={id}>
      <Stack gap={gap}>
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}
