import { Code, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ApiResponse, get, query } from '../../app/api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ChangeList } from './ChangeList';
import { Panel } from '../../ui/Panel';

type Changes = ApiResponse<'/api/v1/services/{id}/changes', 'get'>;

const SHOWN = 10;

/** A service's latest changes (deploys), where someone asking "what changed?" looks first. */
export function ServiceChanges({ serviceId, serviceName }: { serviceId: string; serviceName: string }) {
  const changes = useQuery({
    queryKey: ['services', serviceId, 'changes'],
    queryFn: () => get<Changes>(`/services/${encodeURIComponent(serviceId)}/changes${query({ limit: SHOWN })}`),
  });
  const items = changes.data?.items ?? [];
  return (
    <Panel id="service-changes" title="Changes" gap="xs">
      <ErrorAlert error={changes.error} title="Could not load changes" />
      {changes.data && items.length === 0 && (
        <Text size="sm" c="dimmed">
          No changes recorded. A deploy pipeline records one as its last step with{' '}
          <Code>tocsin change record --service "{serviceName}" --summary "…"</Code>, or PagerDuty change events with an integration key.
        </Text>
      )}
      {items.length > 0 && <ChangeList items={items} label={`Latest changes on ${serviceName}`} />}
    </Panel>
  );
}
