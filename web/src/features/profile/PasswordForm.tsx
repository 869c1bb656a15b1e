import { Button, Group, Paper, PasswordInput, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import type { User } from '../session/types';
import { useUpdateUser } from '../users/api';
import { NewPasswordFields } from './NewPasswordFields';
import { passwordProblem } from './passwordRules';

const EMPTY = { current: '', next: '', again: '' };

export function PasswordForm({ me }: { me: User }) {
  const [f, setF] = useState(EMPTY);
  const update = useUpdateUser();
  const problem = passwordProblem(f.next, f.again);
  const ready = f.current !== '' && f.next !== '' && !problem;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    update.mutate(
      { id: me.id, patch: { password: f.next, current_password: f.current } },
      {
        onSuccess: () => {
          setF(EMPTY);
          notifications.show({ color: 'green', message: 'Password changed' });
        },
      },
    );
  };

  return (
    <Paper withBorder radius="md" p="md">
      <form onSubmit={submit} aria-label="Change password">
        <Stack gap="sm">
          <Title order={2} size="h4">
            Password
          </Title>
          <PasswordInput label="Current password" autoComplete="current-password" value={f.current} onChange={(e) => setF({ ...f, current: e.currentTarget.value })} />
          <NewPasswordFields value={f} problem={problem} onChange={(v) => setF({ ...f, ...v })} />
          <ErrorAlert error={update.error} title="Password not changed" />
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending} disabled={!ready}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
