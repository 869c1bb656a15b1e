import { Anchor, Badge, Button, Center, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useNow } from '../../ui/useNow';
import { When } from '../../ui/When';
import { useMe } from '../session/api';
import { canManageCatalog } from '../session/permissions';
import { useMyFeedLink, useSchedules } from './api';
import { FairnessChart } from './FairnessChart';
import { FeedLink } from './FeedLink';

/** Every schedule with who is on call in it now. */
export function ScheduleListPage() {
  useDocumentTitle('On call · Tocsin');
  const me = useMe();
  const now = useNow();
  const schedules = useSchedules();
  const myFeed = useMyFeedLink();
  const admin = !!me && canManageCatalog(me.role);
  const items = schedules.data?.items ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          On call
        </Title>
        {admin && (
          <Button component={Link} to="/schedules/new" leftSection={<IconPlus size={18} />}>
            New schedule
          </Button>
        )}
      </Group>
      <ErrorAlert error={schedules.error} title="Could not load schedules" />
      {schedules.isPending ? (
        <Center py="xl">
          <Loader aria-label="Loading schedules" />
        </Center>
      ) : items.length ? (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Schedules">
          {items.map((s) => (
            <li key={s.id}>
              <Paper withBorder radius="md" p="sm">
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Stack gap={2}>
                    <Anchor component={Link} to={`/schedules/${s.id}`} fw={600}>
                      {s.name}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {s.time_zone}
                    </Text>
                  </Stack>
                  <Group gap="xs" wrap="wrap">
                    {s.warnings.length > 0 && (
                      <Badge color="orange" variant="light">
                        {s.warnings.length === 1 ? '1 warning' : `${s.warnings.length} warnings`}
                      </Badge>
                    )}
                    <Text size="sm" data-testid="on-call-now">
                      {s.on_call_now ? (
                        <>
                          <b>{s.on_call_now.user_name ?? s.on_call_now.user_id}</b> until <When iso={s.on_call_now.end} now={now} />
                        </>
                      ) : (
                        'Nobody on call'
                      )}
                    </Text>
                  </Group>
                </Group>
              </Paper>
            </li>
          ))}
        </Stack>
      ) : (
        <Text c="dimmed" ta="center" py="xl">
          No schedules yet.{admin ? ' Start from a template: a weekly rotation takes a minute.' : ''}
        </Text>
      )}
      {items.length > 0 && <FairnessChart />}
      <FeedLink link={myFeed} label="My calendar link" />
    </Stack>
  );
}
