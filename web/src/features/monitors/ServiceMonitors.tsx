import { Anchor, Center, Loader, Text } from '@mantine/core';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Panel } from '../../ui/Panel';
import { useServiceMonitors } from './api';
import { MonitorRows } from './MonitorRow';
import { byUrgency } from './presentation';

/** What watches a service, down first, each with its uptime: the service page's answer to "is it up?". */
export function ServiceMonitors({ serviceId, canAdd }: { serviceId: string; canAdd: boolean }) {
  const monitors = useServiceMonitors(serviceId);
  const items = useMemo(() => [...(monitors.data?.items ?? [])].sort(byUrgency), [monitors.data]);
  return (
    <Panel id="service-monitors" title="Monitors">
      <ErrorAlert error={monitors.error} title="Could not load monitors" />
      {monitors.isPending ? (
        <Center py="md">
          <Loader size="sm" aria-label="Loading monitors" />
        </Center>
      ) : items.length ? (
        <MonitorRows items={items} label="Monitors of this service" />
      ) : (
        <Text c="dimmed" size="sm">
          No monitor watches this service.{' '}
          {canAdd && (
            <Anchor component={Link} to="/monitors/new" size="sm" underline="always">
              Add one
            </Anchor>
          )}
        </Text>
      )}
    </Panel>
  );
}
