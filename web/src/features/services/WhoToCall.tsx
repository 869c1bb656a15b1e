import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconPhoneCall } from '@tabler/icons-react';
import { PersonTime } from '../../ui/PersonTime';
import { useNow } from '../../ui/useNow';
import type { Contact } from './catalog';

/** The people to reach about this service, with the time where each of them is. */
export function WhoToCall({ contacts, teamName }: { contacts: Contact[]; teamName: string | null }) {
  const now = useNow();
  return (
    <Paper withBorder radius="md" p="md" data-testid="who-to-call">
      <Stack gap="sm">
        <Group gap="xs">
          <IconPhoneCall size={20} aria-hidden />
          <Title order={2} size="h4">
            Who to call
          </Title>
        </Group>
        {contacts.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nobody yet: {teamName ? `${teamName} has no members and` : 'no owner team and'} no experts are named.
          </Text>
        ) : (
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
            {contacts.map((c) => (
              <li key={c.user.id} data-testid="contact">
                <Group justify="space-between" gap="xs" wrap="wrap">
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Group gap={6}>
                      <Text fw={600}>{c.user.name}</Text>
                      {c.expert && (
                        <Badge size="xs" color="grape" variant="light">
                          expert
                        </Badge>
                      )}
                      {c.team && (
                        <Badge size="xs" color="blue" variant="light">
                          {c.team}
                        </Badge>
                      )}
                    </Group>
                    <PersonTime zone={c.user.time_zone} now={now} />
                  </Stack>
                  <Anchor href={`mailto:${c.user.email}`} size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {c.user.email}
                  </Anchor>
                </Group>
              </li>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
