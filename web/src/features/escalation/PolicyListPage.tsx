import { Anchor, Center, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link } from 'react-router';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { usePolicies } from './api';

/** Every escalation policy with its tiers in one line. */
export function PolicyListPage() {
  useDocumentTitle('Escalation policies · Tocsin');
  const policies = usePolicies();
  const items = policies.data?.items ?? [];
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Escalation policies
      </Title>
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
                  {p.tiers.map((t) => `${t.delay_minutes} min: ${t.targets.map((x) => x.name ?? x.kind).join(', ')}`).join(' → ')}
                </Text>
              </Paper>
            </li>
          ))}
        </Stack>
      ) : (
        <Text c="dimmed" ta="center" py="xl">
          No escalation policies yet. Admins create them through the API or `tocsin`.
        </Text>
      )}
    </Stack>
  );
}
