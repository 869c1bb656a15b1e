import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { Service } from './api';

function Names({ label, items, empty }: { label: string; items: Service[]; empty: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      {items.length ? (
        <Group gap="xs">
          {items.map((s) => (
            <Anchor key={s.id} component={Link} to={`/services/${s.id}`} size="sm">
              {s.name}
            </Anchor>
          ))}
        </Group>
      ) : (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      )}
    </div>
  );
}

/** What this service needs, and what needs it (the blast radius). */
export function ServiceLinks({ dependencies, dependents }: { dependencies: Service[]; dependents: Service[] }) {
  return (
    <Paper withBorder radius="md" p="md" data-testid="service-links">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Dependencies
        </Title>
        <Names label="Depends on" items={dependencies} empty="Nothing listed" />
        <Names label="Needed by" items={dependents} empty="No service lists it" />
      </Stack>
    </Paper>
  );
}
