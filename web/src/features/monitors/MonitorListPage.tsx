import { Button, Center, Group, Loader, Select, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useMe } from '../session/api';
import { roleAtLeast } from '../session/permissions';
import { useMonitors } from './api';
import { MonitorCounts } from './MonitorCounts';
import { MonitorRows } from './MonitorRow';
import { MonitorSearchBox } from './MonitorSearchBox';
import { byUrgency, STATE_LABEL } from './presentation';
import { SchedulerBanner } from './SchedulerBanner';
import type { ShownState } from './types';

const STATES: ShownState[] = ['down', 'degraded', 'unknown', 'up', 'paused'];
const isState = (s: string | null): s is ShownState => STATES.includes(s as ShownState);

/** Every monitor, what is down first, with 90 days of uptime each. */
export function MonitorListPage() {
  useDocumentTitle('Monitors · Tocsin');
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const stateParam = params.get('state');
  const state = isState(stateParam) ? stateParam : null;
  const setParam = (k: string, v: string | null) =>
    setParams((p) => {
      if (v) p.set(k, v);
      else p.delete(k);
      return p;
    }, { replace: true });
  const monitors = useMonitors({ q, state });
  const items = useMemo(() => (monitors.data?.pages.flatMap((p) => p.items) ?? []).sort(byUrgency), [monitors.data]);
  const canAdd = !!me && roleAtLeast(me.role, 'responder');

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="md" wrap="wrap">
          <Title order={1} size="h2">
            Monitors
          </Title>
          <MonitorCounts />
        </Group>
        {canAdd && (
          <Button component={Link} to="/monitors/new" leftSection={<IconPlus size={18} />}>
            Add monitor
          </Button>
        )}
      </Group>
      <SchedulerBanner />
      <Group gap="sm" wrap="wrap">
        <MonitorSearchBox value={q} onChange={(v) => setParam('q', v.trim() ? v : null)} />
        <Select
          aria-label="State"
          placeholder="Any state"
          clearable
          value={state}
          onChange={(v) => setParam('state', v)}
          data={STATES.map((s) => ({ value: s, label: STATE_LABEL[s] }))}
          style={{ flex: '0 1 180px' }}
        />
      </Group>
      <ErrorAlert error={monitors.error} title="Could not load monitors" />
      {monitors.isPending ? (
        <Center py="xl">
          <Loader aria-label="Loading monitors" />
        </Center>
      ) : items.length ? (
        <MonitorRows items={items} label="Monitors" />
      ) : (
        <Text c="dimmed" ta="center" py="xl">
          {q || state ? 'No monitor matches.' : canAdd ? 'Nothing is monitored yet. Add a monitor: paste a URL and press Enter.' : 'Nothing is monitored yet.'}
        </Text>
      )}
      {monitors.hasNextPage && (
        <Center>
          <Button variant="default" loading={monitors.isFetchingNextPage} onClick={() => void monitors.fetchNextPage()}>
            Load more
          </Button>
        </Center>
      )}
    </Stack>
  );
}
