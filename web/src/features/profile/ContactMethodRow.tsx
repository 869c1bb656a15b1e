import { Badge, Button, Group, Paper, PinInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { type ContactMethod, methodName, useRemoveMethod, useResendCode, useVerifyMethod } from './contactsApi';

const stateOf = (m: ContactMethod) => (m.disabled_at ? 'disabled' : m.verified ? 'verified' : 'unverified');
const COLOR = { verified: 'green', unverified: 'yellow', disabled: 'red' } as const;

/** One contact method: its state, the code entry while it is unverified, remove. */
export function ContactMethodRow({ method: m }: { method: ContactMethod }) {
  const state = stateOf(m);
  const remove = useRemoveMethod();
  return (
    <Paper withBorder radius="sm" p="xs" data-testid="contact-method" data-state={state}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Stack gap={2} style={{ minWidth: 0, flex: '1 1 200px' }}>
            <Group gap="xs">
              <Text fw={600} size="sm">
                {methodName(m)}
              </Text>
              <Badge size="xs" variant="light" color={COLOR[state]} data-testid="contact-state">
                {state}
              </Badge>
            </Group>
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {m.address}
            </Text>
          </Stack>
          <ConfirmButton
            label="Remove"
            aria-label={`Remove ${methodName(m)}`}
            title="Remove this contact method?"
            message="Pages stop going to it, and its notification rules are removed."
            size="compact-sm"
            variant="subtle"
            color="red"
            action={() => remove.mutateAsync(m.id)}
          />
        </Group>
        {state === 'unverified' && <CodeEntry method={m} />}
        {state === 'disabled' && (
          <Text size="xs" c="red">
            This address stopped working (the subscription is gone). Add it again from the device.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function CodeEntry({ method: m }: { method: ContactMethod }) {
  const [code, setCode] = useState('');
  const verify = useVerifyMethod();
  const resend = useResendCode();
  const submit = (value = code) => value.length === 6 && verify.mutate({ id: m.id, code: value }, { onError: () => setCode('') });
  return (
    <Stack gap={4}>
      <Text size="xs" id={`code-${m.id}`}>
        Enter the 6-digit code sent to it ({m.code_attempts_left} attempts left).
      </Text>
      <Group gap="xs" wrap="wrap">
        <PinInput length={6} type="number" oneTimeCode size="sm" value={code} onChange={setCode} onComplete={submit} aria-labelledby={`code-${m.id}`} data-testid="code-input" />
        <Button size="compact-sm" onClick={() => submit()} loading={verify.isPending} disabled={code.length !== 6}>
          Verify
        </Button>
        <Button size="compact-sm" variant="subtle" onClick={() => resend.mutate(m.id)} loading={resend.isPending}>
          Send a new code
        </Button>
      </Group>
      <ErrorAlert error={verify.error ?? resend.error} />
    </Stack>
  );
}
