import { Anchor, Badge, Center, Grid, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useNow } from '../../ui/useNow';
import { When } from '../../ui/When';
import { useMe } from '../session/api';
import { roleAtLeast } from '../session/permissions';
import { useMonitor } from './api';
import { HeartbeatInstructions } from './HeartbeatInstructions';
import { LocationTable } from './LocationTable';
import { MaintenanceWindows } from './MaintenanceWindows';
import { MonitorActions } from './MonitorActions';
import { MonitorEvents } from './MonitorEvents';
import { MonitorIncidents } from './MonitorIncidents';
import { StateDot } from './MonitorState';
import { formatSeconds, shownState, stateSentence, targetSummary, TYPE_LABEL } from './presentation';
import { ResponseTimes } from './ResponseTimes';
import { SchedulerBanner } from './SchedulerBanner';
import { UptimeFigures } from './UptimeFigures';

/** One monitor: its state and since when, uptime, response times, locations, events, incidents, maintenance. */
export function MonitorDetailPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const monitor = useMonitor(id);
  const now = useNow(15_000);
  const m = monitor.data;
  useDocumentTitle(m ? `${m.name} · Monitors · Tocsin` : 'Monitor · Tocsin');
  if (monitor.isPending) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading monitor" />
      </Center>
    );
  }
  if (!m) return <ErrorAlert error={monitor.error} title="Monitor" />;
  const canEdit = !!me && roleAtLeast(me.role, 'responder');
  const every = m.type === 'heartbeat' ? '' : ` · every ${formatSeconds(m.interval_s)}`;

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/monitors" size="sm" c="dimmed">
        <Group gap={4}>
          <IconArrowLeft size={14} /> All monitors
        </Group>
      </Anchor>
      <SchedulerBanner />
      <Stack gap={6}>
        <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }} data-testid="monitor-heading">
          {m.name}
        </Title>
        <Group gap="sm" wrap="wrap">
          <StateDot state={shownState(m)} label={stateSentence(m)} size="md" />
          {m.state_changed_at && (
            <Text size="sm" c="dimmed">
              since <When iso={m.state_changed_at} now={now} />
            </Text>
          )}
          {m.flapping && (
            <Badge color="orange" variant="light">
              Flapping
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {TYPE_LABEL[m.type]} · {targetSummary(m)}
          {every} · {m.severity}
        </Text>
      </Stack>
      {canEdit && <MonitorActions monitor={m} />}
      {m.type === 'heartbeat' && m.heartbeat_url && <HeartbeatInstructions path={m.heartbeat_url} name={m.name} onService={m.service_id !== null} />}
      <UptimeFigures monitorId={m.id} />
      <ResponseTimes monitorId={m.id} name={m.name} />
      <LocationTable states={m.location_states} now={now} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <MonitorEvents monitorId={m.id} now={now} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            <MonitorIncidents monitorId={m.id} now={now} />
            <MaintenanceWindows monitorId={m.id} now={now} canEdit={canEdit} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
