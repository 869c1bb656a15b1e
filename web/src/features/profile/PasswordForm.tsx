import { Button, Group, Paper, PasswordInput, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import type { User } from '../session/types';
import { useUpdateUser } from '../users/api';
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
          <PasswordInput label="New password" description="At least 8 characters" autoComplete="new-password" value={f.next} onChange={(e) => setF({ ...f, next: e.currentTarget.value })} />
          <PasswordInput
            label="New password again"
            autoComplete="new-password"
            value={f.again}
            error={f.again && problem ? problem : undefined}
            onChange={(e) => setF({ ...f, again: e.currentTarget.value })}
          />
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
