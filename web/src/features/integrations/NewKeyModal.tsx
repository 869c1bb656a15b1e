import { Alert, Button, Code, CopyButton, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconCheck, IconCopy, IconEyeOff } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { type CreatedKey, type NewKey, useCreateKey } from './api';
import { KEY_TYPES, SEVERITIES, setupLines } from './keySetup';

/** Name, sender and default severity in; the key and where to paste it out, once. */
export function NewKeyModal({ serviceId, opened, onClose }: { serviceId: string; opened: boolean; onClose: () => void }) {
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const close = () => {
    setCreated(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={created ? 'Copy the key and URL' : 'New integration key'} centered size="lg" closeOnClickOutside={!created}>
      {opened && (created ? <KeySecret k={created} onDone={close} /> : <NewKeyForm serviceId={serviceId} onCreated={setCreated} onCancel={close} />)}
    </Modal>
  );
}

function NewKeyForm({ serviceId, onCreated, onCancel }: { serviceId: string; onCreated: (k: CreatedKey) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [type, setType] = useState<NewKey['type']>('alertmanager');
  const [severity, setSeverity] = useState('');
  const create = useCreateKey(serviceId);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    const default_severity = severity ? (severity as NonNullable<NewKey['default_severity']>) : undefined;
    create.mutate({ name: name.trim(), type, ...(default_severity ? { default_severity } : {}) }, { onSuccess: onCreated });
  };
  return (
    <form onSubmit={submit} aria-label="New integration key">
      <Stack gap="sm">
        <TextInput label="Name" description="What sends with it, e.g. prometheus-prod" required data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Select label="Sender" allowDeselect={false} data={[...KEY_TYPES]} value={type} onChange={(v) => v && setType(v as NewKey['type'])} />
        <Select label="Default severity" allowDeselect={false} data={[...SEVERITIES]} value={severity} onChange={(v) => setSeverity(v ?? '')} />
        <ErrorAlert error={create.error} title="Could not create the key" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
            Create key
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function KeySecret({ k, onDone }: { k: CreatedKey; onDone: () => void }) {
  const setup = setupLines(k);
  return (
    <Stack gap="sm">
      <Alert color="yellow" variant="light" icon={<IconEyeOff size={18} />} title="You will not see this key again">
        Paste it into the sender now. Tocsin stores only a hash; if you lose it, revoke it and make a new one.
      </Alert>
      <Text size="sm" fw={600}>
        {k.name}
      </Text>
      <Code block data-testid="integration-key-setup" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
        {setup}
      </Code>
      <Group justify="flex-end">
        <CopyButton value={k.key}>
          {({ copied, copy }) => (
            <Button variant="light" color={copied ? 'green' : undefined} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} onClick={copy}>
              {copied ? 'Copied' : 'Copy key'}
            </Button>
          )}
        </CopyButton>
        <CopyButton value={setup}>
          {({ copied, copy }) => (
            <Button variant="light" color={copied ? 'green' : undefined} onClick={copy}>
              {copied ? 'Copied' : 'Copy setup'}
            </Button>
          )}
        </CopyButton>
        <Button onClick={onDone}>I have saved it</Button>
      </Group>
    </Stack>
  );
}
