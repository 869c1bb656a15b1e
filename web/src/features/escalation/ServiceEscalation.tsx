import { Anchor, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useServiceReach } from './api';

/** "Escalation: <policy>" on a service's page, with who its first tier reaches now. */
export function ServiceEscalation({ serviceId }: { serviceId: string }) {
  const reach = useServiceReach(serviceId);
  const r = reach.data;
  if (!r) return null;
  const first = r.tiers[0];
  return (
    <Paper withBorder radius="md" p="md" data-testid="service-escalation">
      <Stack gap={4}>
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
        {first && (
          <Text size="sm" c="dimmed">
            On call now: {first.people.length ? first.people.map((p) => p.user_name).join(', ') : 'nobody'}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
