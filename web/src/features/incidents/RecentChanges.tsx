import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ApiResponse, get } from '../../app/api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ChangeList } from '../integrations/ChangeList';
import { Panel } from '../../ui/Panel';

type Changes = ApiResponse<'/api/v1/incidents/{id}/changes', 'get'>;

/** Deploys and other changes on the incident's services (and what they depend on) in the 6 hours before it began. */
export function RecentChanges({ incidentId, serviceNames }: { incidentId: string; serviceNames: Map<string, string> }) {
  const changes = useQuery({ queryKey: ['incidents', 'changes', incidentId], queryFn: () => get<Changes>(`/incidents/${encodeURIComponent(incidentId)}/changes`) });
  const items = changes.data?.items ?? [];
  return (
    <Panel id="recent-changes" title="Recent changes" gap="xs">
      <ErrorAlert error={changes.error} title="Could not load recent changes" />
      {changes.data && items.length === 0 && (
        <Text size="sm" c="dimmed">
          No changes recorded on these services in the 6 hours before it began.
        </Text>
      )}
      {items.length > 0 && <ChangeList items={items} label="Recent changes" where={(c) => serviceNames.get(c.service_id) ?? 'a dependency'} />}
    </Panel>
  );
}
