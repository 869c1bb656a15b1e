import { Alert, Anchor, Badge, Center, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlertOctagon } from '@tabler/icons-react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useNow } from '../../ui/useNow';
import { When } from '../../ui/When';
import { usePolicy } from '../escalation/api';
import type { Incident } from '../incidents/types';
import { useMe } from '../session/api';
import { roleAtLeast } from '../session/permissions';
import { type Escalation, useIncidentPaging } from './api';
import { PageItem } from './PageItem';
import { PagingActions } from './PagingActions';
import { channelLabel, ESCALATION_LOOK, escalationStatus, failuresOf } from './presentation';

/** One escalation: its policy (by name), the service it came from, urgency and what it is doing. */
function EscalationRow({ e, services, now }: { e: Escalation; services: Incident['services']; now: number }) {
  const policy = usePolicy(e.policy_id);
  const look = ESCALATION_LOOK[e.state];
  const status = escalationStatus(e);
  const service = services.find((s) => s.id === e.service_id);
  return (
    <Stack gap={2} data-testid="escalation" data-state={e.state}>
      <Group gap="xs" wrap="wrap">
        <Badge color={look.color} variant={e.state === 'active' ? 'filled' : 'light'}>
          {look.label}
        </Badge>
        <Anchor component={Link} to={`/escalation-policies/${e.policy_id}`} fw={600}>
          {policy.data?.name ?? 'Escalation policy'}
        </Anchor>
        <Text size="sm" c="dimmed">
          {service ? `for ${service.name} · ` : ''}
          {e.urgency} urgency
        </Text>
      </Group>
      <Text size="sm">
        {status.text} {status.at && <When iso={status.at} now={now} />}
      </Text>
    </Stack>
  );
}

/** Who was paged for the incident, when, how, and whether it got through; failures first and in red. */
export function PagingPanel({ incident }: { incident: Incident }) {
  const paging = useIncidentPaging(incident.id);
  const me = useMe();
  const now = useNow();
  const data = paging.data;
  const failures = failuresOf(data?.pages ?? []);
  const responder = !!me && roleAtLeast(me.role, 'responder');

  return (
    <Paper withBorder radius="md" p="md" data-testid="paging-panel" component="section" aria-labelledby="paging-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="paging-title">
          Paging
        </Title>
        <ErrorAlert error={paging.error} title="Could not load paging" />
        {failures.length > 0 && (
          // Filled while a failure sits on a page nobody has answered yet: that person may not know.
          <Alert
            color="red"
            variant={failures.some((f) => !f.page.acknowledged_at) ? 'filled' : 'light'}
            icon={<IconAlertOctagon size={20} />}
            title={`${failures.length} ${failures.length === 1 ? 'notification' : 'notifications'} failed`}
            data-testid="paging-failures"
          >
            {failures.map(({ page, notification: n }) => `${page.user.name} by ${channelLabel(n.channel)}: ${n.error ?? 'refused'}`).join(' · ')}
          </Alert>
        )}
        {paging.isPending ? (
          <Center py="sm">
            <Loader size="sm" aria-label="Loading paging" />
          </Center>
        ) : (
          data && (
            <>
              {data.escalations.length ? (
                data.escalations.map((e) => <EscalationRow key={e.id} e={e} services={incident.services} now={now} />)
              ) : (
                <Text size="sm" c="dimmed">
                  No escalation: {incident.services.length ? 'no service of this incident has an escalation policy, or its severity pages nobody' : 'the incident names no service'}.
                </Text>
              )}
              {responder && <PagingActions incident={incident} escalations={data.escalations} />}
              {data.pages.length ? (
                <Stack gap="xs" data-testid="incident-pages">
                  {data.pages.map((p) => (
                    <PageItem key={p.id} page={p} now={now} mine={p.user.id === me?.id} canPage={responder} />
                  ))}
                </Stack>
              ) : (
                <Text size="sm" c="dimmed">
                  Nobody has been paged yet.
                </Text>
              )}
            </>
          )
        )}
      </Stack>
    </Paper>
  );
}
