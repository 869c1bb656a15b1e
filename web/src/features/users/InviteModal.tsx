import { ActionIcon, Alert, Button, CopyButton, Group, Modal, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldError, formError } from '../../ui/fieldErrors';
import { browserTimeZone } from '../../ui/timeZones';
import { When } from '../../ui/When';
import type { Role } from '../session/types';
import { PersonFields } from './PersonFields';
import { type Invitation, useInvite } from './invite-api';

const FIELDS = ['email', 'name', 'role', 'time_zone'];
const FRIENDLY = { email: 'Enter an email address such as ada@example.com.', name: 'Enter their name.', time_zone: 'Pick a time zone from the list.' };

/** Invite a teammate: they get a one-time link (7 days) to set their own password. */
export function InviteModal({ opened, onClose, actorRole }: { opened: boolean; onClose: () => void; actorRole: Role }) {
  const [sent, setSent] = useState<Invitation | null>(null);
  const close = () => (setSent(null), onClose());
  return (
    <Modal opened={opened} onClose={close} title={sent ? `Invitation for ${sent.user.name}` : 'Invite a person'} centered size="lg">
      {opened && (sent ? <InviteLink invitation={sent} onDone={close} /> : <InviteForm actorRole={actorRole} onSent={setSent} onCancel={close} />)}
    </Modal>
  );
}

function InviteForm({ actorRole, onSent, onCancel }: { actorRole: Role; onSent: (i: Invitation) => void; onCancel: () => void }) {
  const [f, setF] = useState({ email: '', name: '', role: 'responder' as Role, time_zone: browserTimeZone() });
  const invite = useInvite();
  const set = (p: Partial<typeof f>) => (setF((prev) => ({ ...prev, ...p })), invite.reset());
  const ready = f.email.trim() !== '' && f.name.trim() !== '';
  const err = (field: string) => fieldError(invite.error, field, FRIENDLY);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready) invite.mutate({ email: f.email.trim(), name: f.name.trim(), role: f.role, time_zone: f.time_zone }, { onSuccess: onSent });
  };

  return (
    <form onSubmit={submit} aria-label="Invite a person">
      <Stack gap="sm">
        <PersonFields value={f} onChange={set} error={err} actorRole={actorRole} />
        <Text size="sm" c="dimmed">
          They get a link to set their own password. Inviting someone again replaces their earlier link.
        </Text>
        <ErrorAlert error={formError(invite.error, FIELDS)} title="Could not invite the person" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={invite.isPending} disabled={!ready}>
            Create invitation
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function InviteLink({ invitation: i, onDone }: { invitation: Invitation; onDone: () => void }) {
  return (
    <Stack gap="sm">
      <Alert color="yellow" variant="light" title="Copy the link now: it is shown only once">
        Tocsin cannot send email yet. Send this link to {i.user.email} yourself; it works once, until <When iso={i.expires_at} now={Date.now()} />.
      </Alert>
      <Group gap="xs" wrap="nowrap">
        <TextInput label="Invitation link" readOnly value={i.invite_url} style={{ flex: 1 }} onFocus={(e) => e.currentTarget.select()} />
        <CopyButton value={i.invite_url}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy link'}>
              <ActionIcon variant="light" size="lg" mt={24} aria-label="Copy invitation link" onClick={copy} color={copied ? 'teal' : undefined}>
                {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      <Group justify="flex-end">
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}
