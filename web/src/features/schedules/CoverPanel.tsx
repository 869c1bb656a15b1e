import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useNow } from '../../ui/useNow';
import { When } from '../../ui/When';
import { useCoverRequests, useRequestCover, useTakeCover } from './api';
import { RangeForm } from './RangeForm';
import type { Schedule } from './types';

interface Props {
  schedule: Schedule;
  zone: string;
  meId: string;
  canAct: boolean;
  names: Map<string, string>;
}

const HOUR = 3_600_000;

/** Ask for someone to cover you, or take someone's request (it becomes your override). */
export function CoverPanel({ schedule, zone, meId, canAct, names }: Props) {
  const now = useNow();
  const requests = useCoverRequests(schedule.id);
  const ask = useRequestCover(schedule.id);
  const take = useTakeCover();
  const [asked, setAsked] = useState<string | null>(null);
  const start = Math.ceil(now / HOUR) * HOUR;
  const name = (id: string | null) => (id ? (names.get(id) ?? id) : 'nobody');
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Cover requests
        </Title>
        {canAct && (
          <RangeForm key={zone} zone={zone} initial={{ start, end: start + 24 * HOUR }} error={ask.error} pending={ask.isPending} submitLabel="Ask for cover" onSubmit={(r) => ask.mutate(r, { onSuccess: (c) => setAsked(c.suggested_user_id) })} />
        )}
        {asked !== null && <Text size="sm">Asked. Who should cover next (fewest on-call hours lately): {name(asked)}.</Text>}
        <ErrorAlert error={requests.error ?? take.error} title="Cover" />
        {requests.data?.items.length ? (
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Open cover requests">
            {requests.data.items.map((r) => (
              <li key={r.id}>
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Text size="sm">
                    {name(r.requester_id)} needs cover from <When iso={r.start} now={now} /> to <When iso={r.end} now={now} />
                    {r.suggested_user_id ? ` · suggested: ${name(r.suggested_user_id)}` : ''}
                  </Text>
                  {canAct && r.requester_id !== meId && (
                    <Button size="compact-sm" loading={take.isPending && take.variables === r.id} onClick={() => take.mutate(r.id)}>
                      Take it
                    </Button>
                  )}
                </Group>
              </li>
            ))}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            No open requests.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
