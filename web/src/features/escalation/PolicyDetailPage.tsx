import { Anchor, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useMe } from '../session/api';
import { canManageCatalog } from '../session/permissions';
import { AckTimeoutForm } from './AckTimeoutForm';
import { usePolicy, usePolicyReach } from './api';
import { ReachTable } from './ReachTable';
import { UnreachablePeople } from './UnreachablePeople';

/** One policy: its tiers and whom each would reach now. */
export function PolicyDetailPage() {
  const { id = '' } = useParams();
  const policy = usePolicy(id);
  const reach = usePolicyReach(id);
  const me = useMe();
  const p = policy.data;
  useDocumentTitle(p ? `${p.name} · Escalation · Tocsin` : 'Escalation policy · Tocsin');
  if (policy.isPending) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading the escalation policy" />
      </Center>
    );
  }
  if (!p) return <ErrorAlert error={policy.error} title="Escalation policy" />;
  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/escalation-policies" size="sm" c="dimmed">
        <Group gap={4}>
          <IconArrowLeft size={14} /> All escalation policies
        </Group>
      </Anchor>
      <Stack gap={4}>
        <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
          {p.name}
        </Title>
        <Text c="dimmed" size="sm">
          {p.repeat_count ? `Repeats ${p.repeat_count} more ${p.repeat_count === 1 ? 'time' : 'times'} after the last tier` : 'Runs once'}
        </Text>
        {p.description && <Text style={{ whiteSpace: 'pre-wrap' }}>{p.description}</Text>}
      </Stack>
      <AckTimeoutForm key={`${p.id}:${p.ack_timeout_minutes}`} policy={p} admin={!!me && canManageCatalog(me.role)} />
      <ErrorAlert error={reach.error} title="Could not tell who is on call" />
      {reach.data && <ReachTable reach={reach.data} />}
      <UnreachablePeople policyId={p.id} />
    </Stack>
  );
}
