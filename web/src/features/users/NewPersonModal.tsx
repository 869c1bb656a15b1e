import { Button, Group, Modal, PasswordInput, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldError, formError } from '../../ui/fieldErrors';
import { browserTimeZone } from '../../ui/timeZones';
import type { Role } from '../session/types';
import { PersonFields } from './PersonFields';
import { type NewUserInput, useCreateUser } from './api';

export function NewPersonModal({ opened, onClose, actorRole }: { opened: boolean; onClose: () => void; actorRole: Role }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Add a person" centered size="lg">
      {opened && <NewPersonForm actorRole={actorRole} onDone={onClose} />}
    </Modal>
  );
}

const FIELDS = ['email', 'name', 'role', 'time_zone', 'password'];
const FRIENDLY = { email: 'Enter an email address such as ada@example.com.', name: 'Enter their name.', time_zone: 'Pick a time zone from the list.', password: 'Use at least 8 characters, or leave it empty.' };

function NewPersonForm({ actorRole, onDone }: { actorRole: Role; onDone: () => void }) {
  const [f, setF] = useState({ email: '', name: '', role: 'responder' as Role, time_zone: browserTimeZone(), password: '' });
  const create = useCreateUser();
  const set = (p: Partial<typeof f>) => (setF((prev) => ({ ...prev, ...p })), create.reset());
  const err = (field: string) => fieldError(create.error, field, FRIENDLY);
  const ready = f.email.trim() !== '' && f.name.trim() !== '';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    const input: NewUserInput = { email: f.email.trim(), name: f.name.trim(), role: f.role, time_zone: f.time_zone };
    if (f.password) input.password = f.password;
    create.mutate(input, {
      onSuccess: (u) => {
        notifications.show({ color: 'green', message: f.password ? `${u.name} can now sign in` : `${u.name} added; without a password they cannot sign in yet` });
        onDone();
      },
    });
  };

  return (
    <form onSubmit={submit} aria-label="Add a person">
      <Stack gap="sm">
        <PersonFields value={f} onChange={set} error={err} actorRole={actorRole} />
        <PasswordInput
          label="Initial password"
          description="Optional; at least 8 characters. Share it privately; they can change it on their profile."
          autoComplete="new-password"
          value={f.password}
          error={err('password')}
          onChange={(e) => set({ password: e.currentTarget.value })}
        />
        <ErrorAlert error={formError(create.error, FIELDS)} title="Could not add the person" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} disabled={!ready}>
            Add person
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
