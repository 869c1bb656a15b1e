import { Anchor, Button, Center, Group, Loader, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft, IconPencil, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useMe } from '../session/api';
import { canManageCatalog } from '../session/permissions';
import { AckTimeoutForm } from './AckTimeoutForm';
import { useDeletePolicy, usePolicy, usePolicyReach, useUpdatePolicy } from './api';
import { PolicyForm } from './PolicyForm';
import { PolicyServices, serviceNames } from './PolicyServices';
import { ReachTable } from './ReachTable';
import { UnreachablePeople } from './UnreachablePeople';

/** One policy: its tiers and whom each would reach now. */
export function PolicyDetailPage() {
  const { id = '' } = useParams();
  const policy = usePolicy(id);
  const reach = usePolicyReach(id);
  const me = useMe();
  const update = useUpdatePolicy(id);
  const remove = useDeletePolicy(id);
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const admin = !!me && canManageCatalog(me.role);
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
  if (editing) {
    return (
      <Stack gap="md" maw={760}>
        <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
          Edit {p.name}
        </Title>
        <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }}>
          <PolicyForm
            policy={p}
            saving={update.isPending}
            error={update.error}
            onEdit={() => update.reset()}
            onCancel={() => (setEditing(false), update.reset())}
            onSave={(input) => update.mutate(input, { onSuccess: () => setEditing(false) })}
          />
        </Paper>
      </Stack>
    );
  }
  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/escalation-policies" size="sm" c="dimmed">
        <Group gap={4}>
          <IconArrowLeft size={14} /> All escalation policies
        </Group>
      </Anchor>
      <Stack gap={4}>
        <Group justify="space-between" wrap="wrap">
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {p.name}
          </Title>
          {admin && (
            <Group gap="xs">
              <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
                Edit policy
              </Button>
              <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(true)}>
                Delete
              </Button>
            </Group>
          )}
        </Group>
        <Text c="dimmed" size="sm">
          {p.repeat_count ? `Repeats ${p.repeat_count} more ${p.repeat_count === 1 ? 'time' : 'times'} after the last tier` : 'Runs once'}
        </Text>
        {p.description && <Text style={{ whiteSpace: 'pre-wrap' }}>{p.description}</Text>}
      </Stack>
      <PolicyServices policy={p} />
      <Modal opened={deleting} onClose={() => setDeleting(false)} title={`Delete ${p.name}?`} centered>
        <Stack gap="md">
          <Text size="sm" data-testid="delete-consequence">
            {p.services.length
              ? `${serviceNames(p.services)} ${p.services.length === 1 ? 'is' : 'are'} left without an escalation policy: new incidents there page nobody until you choose another. Escalations already under way stop at their next tier.`
              : 'No service uses it, so nobody stops being paged.'}
          </Text>
          <ErrorAlert error={remove.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(false)}>
              Keep it
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(undefined, { onSuccess: () => navigate('/escalation-policies', { replace: true }) })}>
              Delete policy
            </Button>
          </Group>
        </Stack>
      </Modal>
      <AckTimeoutForm key={`${p.id}:${p.ack_timeout_minutes}`} policy={p} admin={admin} />
      <ErrorAlert error={reach.error} title="Could not tell who is on call" />
      {reach.data && <ReachTable reach={reach.data} />}
      <UnreachablePeople policyId={p.id} />
    </Stack>
  );
}
