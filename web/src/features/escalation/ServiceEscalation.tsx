import { Alert, Anchor, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { put } from '../../app/api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { escalationKey, usePolicies, useServiceReach } from './api';

const NONE = '';

/**
 * "Escalation: <policy>" on a service's page, with who its first tier reaches now; admins choose
 * the policy here (none: the service's incidents page nobody).
 */
export function ServiceEscalation({ serviceId, admin = false }: { serviceId: string; admin?: boolean }) {
  const reach = useServiceReach(serviceId);
  const policies = usePolicies();
  const qc = useQueryClient();
  const attach = useMutation({
    mutationFn: (policy_id: string | null) => put(`/services/${encodeURIComponent(serviceId)}/escalation-policy`, { policy_id }),
    onSuccess: () => qc.invalidateQueries({ queryKey: escalationKey }),
  });
  const r = reach.data;
  if (!r) return null;
  const first = r.tiers[0];
  const options = [{ value: NONE, label: 'None: nobody is paged' }, ...(policies.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))];
  return (
    <Paper withBorder radius="md" p="md" data-testid="service-escalation">
      <Stack gap={4}>
        {admin ? (
          <Group gap="sm" align="flex-end" wrap="wrap">
            <Select
              label="Escalation policy"
              data={options}
              value={attach.isPending ? (attach.variables ?? NONE) : (r.policy?.id ?? NONE)}
              allowDeselect={false}
              disabled={attach.isPending}
              onChange={(v) => v !== null && attach.mutate(v === NONE ? null : v)}
              w={320}
              maw="100%"
            />
            {r.policy && (
              <Anchor component={Link} to={`/escalation-policies/${r.policy.id}`} size="sm" pb={8}>
                Its tiers
              </Anchor>
            )}
          </Group>
        ) : (
          <Text>
            Escalation:{' '}
            {r.policy ? (
              <Anchor component={Link} to={`/escalation-policies/${r.policy.id}`}>
                {r.policy.name}
              </Anchor>
            ) : (
              'none: nobody would be paged'
            )}
          </Text>
        )}
        {first?.people.length ? (
          <Text size="sm" c="dimmed">
            On call now: {first.people.map((p) => p.user_name).join(', ')}
          </Text>
        ) : (
          // Said where people look before the night it matters: an alert here would page nobody at first.
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} mt="xs" data-testid="service-unpaged">
            {!r.policy
              ? `No escalation policy: new incidents of this service page nobody.${admin ? ' Choose one above.' : ' An admin chooses one here.'}`
              : `Tier 1 reaches nobody now (${first?.targets.map((t) => t.gap).filter(Boolean).join('; ') || 'it has no targets'}): the next tier is paged at its time.`}
          </Alert>
        )}
        <ErrorAlert error={attach.error} title="Escalation policy not changed" />
      </Stack>
    </Paper>
  );
}
