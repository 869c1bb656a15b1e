import { Button, Group, NumberInput, Stack, Switch, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { patch } from '../../app/api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { escalationKey, type Policy } from './api';

// The acknowledgement timeout: an acknowledged incident nobody mitigates or resolves pages again
// after this many minutes, so an acknowledgement made half asleep cannot silence it all night.

const MAX = 10080;

export function ackTimeoutSentence(minutes: number | null): string {
  if (minutes === null) return 'An acknowledgement holds until the incident is resolved: it never pages again by itself.';
  return `An acknowledged incident still not mitigated after ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} pages again from the first tier.`;
}

/** Admins set or clear it; everyone else reads the sentence. */
export function AckTimeoutForm({ policy, admin }: { policy: Policy; admin: boolean }) {
  const [on, setOn] = useState(policy.ack_timeout_minutes !== null);
  const [minutes, setMinutes] = useState<number | string>(policy.ack_timeout_minutes ?? 30);
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (ack_timeout_minutes: number | null) => patch<Policy>(`/escalation-policies/${encodeURIComponent(policy.id)}`, { ack_timeout_minutes }),
    onSuccess: () => qc.invalidateQueries({ queryKey: escalationKey }),
  });
  if (!admin) return <Text size="sm">{ackTimeoutSentence(policy.ack_timeout_minutes)}</Text>;
  const value = on ? Number(minutes) : null;
  const valid = value === null || (Number.isInteger(value) && value >= 1 && value <= MAX);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (valid) save.mutate(value);
  };
  return (
    <form onSubmit={submit} aria-label="Acknowledgement timeout">
      <Stack gap="xs">
        <Switch label="Page again when an acknowledged incident is not mitigated in time" checked={on} onChange={(e) => setOn(e.currentTarget.checked)} />
        <Group align="flex-end" gap="sm">
          {on && <NumberInput label="Acknowledgement timeout (minutes)" min={1} max={MAX} allowDecimal={false} value={minutes} onChange={setMinutes} w={260} error={valid ? undefined : `1 to ${MAX} minutes`} />}
          <Button type="submit" variant="light" loading={save.isPending} disabled={!valid || value === policy.ack_timeout_minutes}>
            Save
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          {ackTimeoutSentence(policy.ack_timeout_minutes)}
        </Text>
        <ErrorAlert error={save.error} />
      </Stack>
    </form>
  );
}
