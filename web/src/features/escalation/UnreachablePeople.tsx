import { Alert, List, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { usePolicyReadiness } from '../profile/contactsApi';

/** "Cannot be reached": the people this policy targets whom a high-urgency page would not reach, and why. */
export function UnreachablePeople({ policyId }: { policyId: string }) {
  const r = usePolicyReadiness(policyId);
  if (r.error) return <ErrorAlert error={r.error} title="Could not check who can be reached" />;
  if (!r.data) return null;
  const { people, unreachable } = r.data;
  if (!unreachable.length) {
    return (
      <Alert color="green" variant="light" icon={<IconCircleCheck size={18} />} data-testid="unreachable-none">
        {people ? `All ${people} people this policy targets can be reached for high urgency.` : 'This policy targets nobody yet.'}
      </Alert>
    );
  }
  return (
    <Stack gap="xs" component="section" aria-labelledby="unreachable-title">
      <Title order={2} size="h4" id="unreachable-title">
        Cannot be reached
      </Title>
      <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
        {unreachable.length} of {people} people this policy targets would not get a high-urgency page.
      </Alert>
      <List spacing="xs" aria-label="People who cannot be reached" data-testid="unreachable">
        {unreachable.map((p) => (
          <List.Item key={p.user_id}>
            <Text fw={600} size="sm" span>
              {p.name}
            </Text>{' '}
            <Text size="xs" c="dimmed" span>
              ({p.targeted_by.join('; ')})
            </Text>
            <Text size="sm">{p.problems.map((x) => x.message).join(' · ')}</Text>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}
