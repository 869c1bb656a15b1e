import { Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ApiResponse, get } from '../../app/api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ChangeList } from '../integrations/ChangeList';
import { Panel } from '../../ui/Panel';

type Changes = ApiResponse<'/api/v1/incidents/{id}/changes', 'get'>;

/**
 * Deploys and other changes on the incident's services (and what they depend on): in the 6 hours
 * before it began, the probable causes; and while it lasted, a rollback or a fix, or a deploy that
 * made it worse.
 */
export function RecentChanges({ incidentId, serviceNames, resolved }: { incidentId: string; serviceNames: Map<string, string>; resolved: boolean }) {
  const changes = useQuery({ queryKey: ['incidents', 'changes', incidentId], queryFn: () => get<Changes>(`/incidents/${encodeURIComponent(incidentId)}/changes`) });
  const before = changes.data?.items ?? [];
  const during = changes.data?.during.items ?? [];
  const where = (c: { service_id: string }) => serviceNames.get(c.service_id) ?? 'a dependency';
  return (
    <Panel id="recent-changes" title="Recent changes" gap="xs">
      <ErrorAlert error={changes.error} title="Could not load recent changes" />
      {during.length > 0 && (
        <>
          <Title order={3} size="sm">
            {resolved ? 'While it lasted' : 'Since it began'}
          </Title>
          <ChangeList items={during} label={resolved ? 'Changes while it lasted' : 'Changes since it began'} where={where} />
          <Title order={3} size="sm" mt="xs">
            Before it began
          </Title>
        </>
      )}
      {changes.data && before.length === 0 && (
        <Text size="sm" c="dimmed">
          No changes recorded on these services in the 6 hours before it began.
        </Text>
      )}
      {before.length > 0 && <ChangeList items={before} label="Recent changes" where={where} />}
    </Panel>
  );
}
