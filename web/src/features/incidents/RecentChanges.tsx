import { Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ApiResponse, get } from '../../app/api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatWhen } from '../../ui/time';
import { useNow } from '../../ui/useNow';
import { useViewerTimeZone } from '../../ui/viewerTimeZone';

type Changes = ApiResponse<'/api/v1/incidents/{id}/changes', 'get'>;

/** Deploys and other changes on the incident's services (and what they depend on) in the 6 hours before it began. */
export function RecentChanges({ incidentId, serviceNames }: { incidentId: string; serviceNames: Map<string, string> }) {
  const changes = useQuery({ queryKey: ['incidents', 'changes', incidentId], queryFn: () => get<Changes>(`/incidents/${encodeURIComponent(incidentId)}/changes`) });
  const now = useNow();
  const timeZone = useViewerTimeZone();
  const items = changes.data?.items ?? [];
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="recent-changes">
      <Stack gap="xs">
        <Title order={2} size="h4" id="recent-changes">
          Recent changes
        </Title>
        <ErrorAlert error={changes.error} title="Could not load recent changes" />
        {changes.data && items.length === 0 && (
          <Text size="sm" c="dimmed">
            No changes recorded on these services in the 6 hours before it began.
          </Text>
        )}
        {items.length > 0 && (
          <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Recent changes" data-testid="recent-changes">
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
                  {serviceNames.get(c.service_id) ?? 'a dependency'} · {formatWhen(c.at, now, { timeZone })}
                  {c.source ? ` · ${c.source}` : ''}
                </Text>
              </li>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
