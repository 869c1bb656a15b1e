import { Anchor, Button, Center, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { usePolicyReadiness } from '../profile/contactsApi';
import { GroupReadinessLine } from '../profile/GroupReadinessLine';
import { useMe } from '../session/api';
import { canManageCatalog } from '../session/permissions';
import { usePolicies, type Policy } from './api';
import { serviceNames } from './PolicyServices';

/** A tier in a few words: `5 min: Platform primary (SEV-1 only)`. */
export const tierSummary = (t: Policy['tiers'][number]): string =>
  `${t.delay_minutes} min: ${t.targets.map((x) => (x.kind === 'incident_commander' ? 'the incident commander' : (x.name ?? `a deleted ${x.kind}`))).join(', ')}${t.severities ? ` (${t.severities.join(', ')} only)` : ''}`;

/** Who the policy would page and a high-urgency page would not reach: seen in the list, not only on its page. */
function PolicyReadiness({ policyId }: { policyId: string }) {
  return <GroupReadinessLine readiness={usePolicyReadiness(policyId).data} testId="policy-readiness" />;
}

/** Every escalation policy with its tiers in one line, and whom it cannot reach. */
export function PolicyListPage() {
  useDocumentTitle('Escalation policies · Tocsin');
  const policies = usePolicies();
  const me = useMe();
  const admin = !!me && canManageCatalog(me.role);
  const items = policies.data?.items ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          Escalation policies
        </Title>
        {admin && (
          <Button component={Link} to="/escalation-policies/new" leftSection={<IconPlus size={18} />}>
            New policy
          </Button>
        )}
      </Group>
      <ErrorAlert error={policies.error} title="Could not load escalation policies" />
      {policies.isPending ? (
        <Center py="xl">
          <Loader aria-label="Loading escalation policies" />
        </Center>
      ) : items.length ? (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Escalation policies">
          {items.map((p) => (
            <li key={p.id}>
              <Paper withBorder radius="md" p="sm">
                <Anchor component={Link} to={`/escalation-policies/${p.id}`} fw={600}>
                  {p.name}
                </Anchor>
                <Text size="sm" c="dimmed">
                  {p.tiers.map(tierSummary).join(' → ')}
                </Text>
                <Text size="xs" c="dimmed">
                  {p.services.length ? `Used by ${serviceNames(p.services)}` : 'Used by no service: it pages nobody'}
                </Text>
                <PolicyReadiness policyId={p.id} />
              </Paper>
            </li>
          ))}
        </Stack>
      ) : (
        <Text c="dimmed" ta="center" py="xl">
          {admin ? 'No escalation policies yet: create one, then choose it on each service’s page.' : 'No escalation policies yet. Admins create them here, through the API or `tocsin policy`.'}
        </Text>
      )}
    </Stack>
  );
}
