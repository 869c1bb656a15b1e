import { Alert, Button, Code, CopyButton, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconCheck, IconCopy, IconEyeOff } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { type CreatedToken, useCreateToken } from './api';
import { EXPIRY_CHOICES, expiryFrom } from './tokenState';

/** Name and expiry in; the secret out, once, with a copy button. */
export function NewTokenModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const close = () => {
    setCreated(null);
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? 'Copy your new token' : 'New API token'}
      centered
      closeOnClickOutside={!created}
    >
      {opened && (created ? <TokenSecret token={created} onDone={close} /> : <NewTokenForm onCreated={setCreated} onCancel={close} />)}
    </Modal>
  );
}

function NewTokenForm({ onCreated, onCancel }: { onCreated: (t: CreatedToken) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState<string>('90');
  const create = useCreateToken();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    const expires_at = expiryFrom(expiry, Date.now());
    create.mutate({ name: name.trim(), ...(expires_at ? { expires_at } : {}) }, { onSuccess: onCreated });
  };
  return (
    <form onSubmit={submit} aria-label="New API token">
      <Stack gap="sm">
        <TextInput label="Name" description="What uses it, e.g. deploy pipeline" required data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Select label="Expires after" allowDeselect={false} data={[...EXPIRY_CHOICES]} value={expiry} onChange={(v) => v && setExpiry(v)} />
        <ErrorAlert error={create.error} title="Could not create the token" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
            Create token
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function TokenSecret({ token, onDone }: { token: CreatedToken; onDone: () => void }) {
  return (
    <Stack gap="sm">
      <Alert color="yellow" variant="light" icon={<IconEyeOff size={18} />} title="You will not see this token again">
        Copy it now and keep it somewhere safe. Tocsin stores only a hash; if you lose it, revoke it and make a new one.
      </Alert>
      <Text size="sm" fw={600}>
        {token.name}
      </Text>
      <Code block data-testid="token-secret" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
        {token.token}
      </Code>
      <Group justify="flex-end">
        <CopyButton value={token.token}>
          {({ copied, copy }) => (
            <Button variant="light" color={copied ? 'green' : undefined} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} onClick={copy}>
              {copied ? 'Copied' : 'Copy token'}
            </Button>
          )}
        </CopyButton>
        <Button onClick={onDone}>I have saved it</Button>
      </Group>
    </Stack>
  );
}
