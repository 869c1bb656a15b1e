import { Alert, Anchor, Group, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Fragment } from 'react';
import { Link } from 'react-router';
import type { Policy } from './api';

/** Service names in a sentence: `Checkout`, `Checkout and Payments`, `A, B and C`. */
export const serviceNames = (services: Policy['services']): string =>
  services.length < 2 ? (services[0]?.name ?? '') : `${services.slice(0, -1).map((s) => s.name).join(', ')} and ${services.at(-1)!.name}`;

/**
 * Which services the policy escalates, linked; a policy that no service uses pages for nothing,
 * which an admin should see before relying on it.
 */
export function PolicyServices({ policy }: { policy: Policy }) {
  if (!policy.services.length) {
    return (
      <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="policy-services" data-count={0}>
        No service uses this policy, so it pages nobody. Choose it on a service’s page, under Escalation.
      </Alert>
    );
  }
  return (
    <Group gap={6} data-testid="policy-services" data-count={policy.services.length}>
      <Text size="sm" c="dimmed" span>
        Escalates the incidents of
      </Text>
      {policy.services.map((s, i) => (
        <Fragment key={s.id}>
          <Anchor component={Link} to={`/services/${s.id}`} size="sm" fw={600}>
            {s.name}
          </Anchor>
          {i < policy.services.length - 1 && (
            <Text size="sm" c="dimmed" span>
              ·
            </Text>
          )}
        </Fragment>
      ))}
    </Group>
  );
}
