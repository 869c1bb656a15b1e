import { Button, Group, Loader, Select, Text, TextInput } from '@mantine/core';
import { IconCircleCheck, IconCircleX, IconSend } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldError, formError } from '../../ui/fieldErrors';
import { type ProviderTest, useProviderTest, useSendProviderTest } from './api';

const WHAT: Record<string, string> = { email: 'email', sms: 'SMS', voice: 'call' };

/** What the provider said, once it has. */
function Outcome({ t }: { t: ProviderTest }) {
  const what = WHAT[t.channel] ?? 'message';
  if (t.status === 'failed') {
    return (
      <Group gap={6} wrap="nowrap" align="flex-start" role="status">
        <IconCircleX size={18} color="var(--mantine-color-red-6)" aria-hidden />
        <Text size="sm" c="red" style={{ overflowWrap: 'anywhere' }}>
          {t.provider} did not take the test {what}: {t.error ?? 'no reason given'}
        </Text>
      </Group>
    );
  }
  if (t.status === 'sent' || t.status === 'delivered') {
    return (
      <Group gap={6} wrap="nowrap" align="flex-start" role="status">
        <IconCircleCheck size={18} color="var(--mantine-color-green-6)" aria-hidden />
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {t.provider} took the test {what} to {t.to} ({t.provider_ref})
        </Text>
      </Group>
    );
  }
  return (
    <Group gap={6} role="status">
      <Loader size="xs" aria-hidden />
      <Text size="sm">Waiting for {t.provider}…</Text>
    </Group>
  );
}

/**
 * Sends a test through one provider alone (no failover): the way to know a backup provider
 * works before the night the first one fails.
 */
export function ProviderTestForm({ channel, providers }: { channel: 'email' | 'sms' | 'voice'; providers: string[] }) {
  const [provider, setProvider] = useState(providers[0] ?? '');
  const [to, setTo] = useState('');
  const [testId, setTestId] = useState<string | null>(null);
  const send = useSendProviderTest(channel);
  const progress = useProviderTest(testId);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate({ provider, to: to.trim() }, { onSuccess: (t) => setTestId(t.id) });
  };
  const label = `Test ${WHAT[channel]}`;
  const email = channel === 'email';
  return (
    <form onSubmit={submit} aria-label={email ? 'Test email' : `${label} through one provider`}>
      <Text size="sm" fw={600} mb={4}>
        {email ? 'Test email through the SMTP server' : `${label} through one provider, without failover`}
      </Text>
      <Group align="flex-end" gap="xs" wrap="wrap">
        {providers.length > 1 && <Select label="Provider" data={providers} value={provider} onChange={(v) => setProvider(v ?? providers[0] ?? '')} allowDeselect={false} w={140} />}
        <TextInput
          label={email ? 'Email address' : 'Phone number'}
          placeholder={email ? 'you@example.com' : '+44 7911 123456'}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          error={fieldError(send.error, 'to')}
          required
          w={email ? 260 : 220}
          type={email ? 'email' : 'tel'}
          autoComplete={email ? 'email' : 'tel'}
        />
        <Button type="submit" variant="light" leftSection={<IconSend size={16} />} loading={send.isPending || (progress.data !== undefined && ['pending', 'sending'].includes(progress.data.status))}>
          Send
        </Button>
      </Group>
      <ErrorAlert error={formError(send.error, ['to'])} title="Could not send the test" />
      {progress.data && (
        <div style={{ marginTop: 8 }}>
          <Outcome t={progress.data} />
        </div>
      )}
    </form>
  );
}
