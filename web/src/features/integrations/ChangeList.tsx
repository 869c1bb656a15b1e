import { Anchor, Stack, Text } from '@mantine/core';
import type { ApiResponse } from '../../app/api';
import { formatWhen } from '../../ui/time';
import { useNow } from '../../ui/useNow';
import { useViewerTimeZone } from '../../ui/viewerTimeZone';

export type Change = ApiResponse<'/api/v1/services/{id}/changes', 'get'>['items'][number];

/**
 * Changes (deploys) newest first: the summary, linked to its first link (the pipeline run, the
 * pull request), then where and when. `where` names the service a change was on, when that helps.
 */
export function ChangeList({ items, label, where }: { items: Change[]; label: string; where?: (c: Change) => string }) {
  const now = useNow();
  const timeZone = useViewerTimeZone();
  return (
    <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={label} data-testid="change-list">
      {items.map((c) => (
        <li key={c.id}>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {c.links[0] ? (
              <Anchor href={c.links[0].href} target="_blank" rel="noreferrer">
                {c.summary}
              </Anchor>
            ) : (
              c.summary
            )}
          </Text>
          <Text size="xs" c="dimmed">
            {[where?.(c), formatWhen(c.at, now, { timeZone }), c.source].filter(Boolean).join(' · ')}
          </Text>
        </li>
      ))}
    </Stack>
  );
}
