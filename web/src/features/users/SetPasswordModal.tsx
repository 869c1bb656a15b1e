import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { NewPasswordFields } from '../profile/NewPasswordFields';
import { passwordProblem } from '../profile/passwordRules';
import type { User } from '../session/types';
import { useUpdateUser } from './api';

/** An admin sets a new password for someone else: typed twice; the API ends their sessions. */
export function SetPasswordModal({ person, opened, onClose }: { person: User; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Set a password for ${person.name}`} centered>
      {opened && <SetPasswordForm person={person} onDone={onClose} />}
    </Modal>
  );
}

function SetPasswordForm({ person, onDone }: { person: User; onDone: () => void }) {
  const [f, setF] = useState({ next: '', again: '' });
  const update = useUpdateUser();
  const problem = passwordProblem(f.next, f.again);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (problem) return;
    update.mutate(
      { id: person.id, patch: { password: f.next } },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: `New password set for ${person.name}; share it privately` });
          onDone();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} aria-label={`Set a password for ${person.name}`}>
      <Stack gap="sm">
        <Text size="sm">
          {person.name} ({person.email}) will be signed out everywhere and can then sign in with this password. They can change it on their profile.
        </Text>
        <NewPasswordFields value={f} problem={problem} onChange={setF} autoFocus />
        <ErrorAlert error={update.error} title="Password not set" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending} disabled={!!problem}>
            Set password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
