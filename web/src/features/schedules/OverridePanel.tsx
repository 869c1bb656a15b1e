import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { CatalogPicker } from '../../ui/CatalogPicker';
import { fieldError } from '../../ui/fieldErrors';
import { useCreateOverride, useDeleteOverride } from './api';
import { RangeForm } from './RangeForm';
import type { Plan } from './types';

interface Props {
  scheduleId: string;
  plan: Plan | undefined;
  zone: string;
  /** Where the form starts: the range shown. */
  from: number;
  /** A range picked on the timeline: the form starts with it. */
  picked: { start: number; end: number } | null;
  canAct: boolean;
}

const HOUR = 3_600_000;
const when = (iso: string, zone: string) => new Intl.DateTimeFormat(undefined, { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** Someone covers a range for the whole schedule (a form with start and end rather than drag-select). */
export function OverridePanel({ scheduleId, plan, zone, from, picked, canAct }: Props) {
  const create = useCreateOverride(scheduleId);
  const remove = useDeleteOverride(scheduleId);
  const [user, setUser] = useState<string | null>(null);
  const start = Math.max(from, Math.ceil(Date.now() / HOUR) * HOUR);
  const seen = new Set<string>();
  const overrides = (plan?.overrides ?? []).filter((o) => o.override_id && !seen.has(o.override_id) && seen.add(o.override_id));
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Overrides
        </Title>
        {canAct && (
          <Text size="sm" c="dimmed">
            Drag across the On call row to pick a range, or type it below.
          </Text>
        )}
        {canAct && (
          <RangeForm
            key={`${zone}-${from}-${picked?.start}-${picked?.end}`}
            zone={zone}
            initial={picked ?? { start, end: start + 8 * HOUR }}
            error={create.error}
            pending={create.isPending}
            submitLabel="Add override"
            extraFields={['user_id']}
            onSubmit={(r) => user && create.mutate({ user_id: user, ...r })}
          >
            <CatalogPicker path="/users" label="Who covers" value={user} onChange={setUser} error={fieldError(create.error, 'user_id')} style={{ minWidth: 220 }} />
          </RangeForm>
        )}
        {overrides.length ? (
          <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Overrides shown">
            {overrides.map((o) => (
              <li key={o.override_id}>
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Text size="sm">
                    {o.user_name ?? o.user_id}: {when(o.start, zone)} – {when(o.end, zone)}
                  </Text>
                  {canAct && (
                    <Button size="compact-xs" variant="subtle" color="red" onClick={() => remove.mutate(o.override_id!)} aria-label={`Remove the override of ${o.user_name ?? o.user_id}`}>
                      Remove
                    </Button>
                  )}
                </Group>
              </li>
            ))}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            No overrides in this range.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
