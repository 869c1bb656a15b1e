import { Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { CHANNEL_LABEL, type ContactMethod, useAddMethod, useContactChannels } from './contactsApi';

// Push subscriptions are added by the browser when you allow notifications, not typed here.
const TYPED = ['email', 'sms', 'voice', 'chat'] as const;
const FORMATS = [
  { value: 'slack', label: 'Slack' },
  { value: 'teams', label: 'Microsoft Teams' },
  { value: 'discord', label: 'Discord' },
  { value: 'mattermost', label: 'Mattermost' },
  { value: 'google_chat', label: 'Google Chat' },
];
const HINT: Record<(typeof TYPED)[number], { label: string; placeholder: string; description: string }> = {
  email: { label: 'Email address', placeholder: 'you@example.com', description: 'A code is emailed to it' },
  sms: { label: 'Mobile number', placeholder: '+44 7911 123456', description: 'International format, starting with +; a code is texted to it' },
  voice: { label: 'Phone number', placeholder: '+44 20 7946 0958', description: 'International format, starting with +; a call reads the code' },
  chat: { label: 'Incoming webhook URL', placeholder: 'https://hooks.slack.com/services/…', description: 'https only; the code is posted to the channel' },
};

/** Adds a contact method; the server sends a code to it at once. */
export function AddContactMethodForm({ onAdded }: { onAdded: (m: ContactMethod) => void }) {
  const [picked, setChannel] = useState<(typeof TYPED)[number]>('email');
  const [address, setAddress] = useState('');
  const [label, setLabel] = useState('');
  const [format, setFormat] = useState<string | null>('slack');
  const add = useAddMethod();
  // A channel the server is not set up for is shown, disabled, rather than refused after typing;
  // the form starts on the first one it is set up for.
  const unset = new Set(useContactChannels().data?.items.filter((c) => !c.configured).map((c) => c.channel));
  const channel = unset.has(picked) ? (TYPED.find((c) => !unset.has(c)) ?? picked) : picked;
  const hint = HINT[channel];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!address.trim()) return;
    const details = channel === 'chat' && format ? { format } : undefined;
    add.mutate(
      { channel, address: address.trim(), label: label.trim() || undefined, details },
      {
        onSuccess: (m) => {
          setAddress('');
          setLabel('');
          onAdded(m);
        },
      },
    );
  };

  return (
    <form onSubmit={submit} aria-label="Add a contact method">
      <Stack gap="xs">
        <Group grow align="flex-start" wrap="wrap" gap="xs">
          <Select
            label="Channel"
            data={TYPED.map((c) => ({ value: c, label: unset.has(c) ? `${CHANNEL_LABEL[c]} (not set up here)` : CHANNEL_LABEL[c], disabled: unset.has(c) }))}
            description={unset.size ? 'An admin sets up the others' : undefined}
            comboboxProps={{ width: 'max-content', position: 'bottom-start' }}
            value={channel}
            onChange={(v) => v && setChannel(v as (typeof TYPED)[number])}
            allowDeselect={false}
            style={{ minWidth: 140 }}
          />
          {channel === 'chat' && <Select label="Chat app" data={FORMATS} value={format} onChange={setFormat} allowDeselect={false} style={{ minWidth: 160 }} />}
        </Group>
        <TextInput label={hint.label} description={hint.description} placeholder={hint.placeholder} required value={address} onChange={(e) => setAddress(e.currentTarget.value)} autoComplete="off" />
        <TextInput label="Label" description="Optional, e.g. Work phone" maxLength={100} value={label} onChange={(e) => setLabel(e.currentTarget.value)} />
        <ErrorAlert error={add.error} title="Not added" />
        <Group justify="flex-end">
          <Button type="submit" loading={add.isPending} disabled={!address.trim()}>
            Add and send code
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
