import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../profile/passwordRules';
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
        <PasswordInput
          label="New password"
          description={`At least ${MIN_PASSWORD_LENGTH} characters`}
          autoComplete="new-password"
          data-autofocus
          value={f.next}
          onChange={(e) => setF({ ...f, next: e.currentTarget.value })}
        />
        <PasswordInput
          label="New password again"
          autoComplete="new-password"
          value={f.again}
          error={f.again && problem ? problem : undefined}
          onChange={(e) => setF({ ...f, again: e.currentTarget.value })}
        />
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
