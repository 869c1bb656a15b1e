import { Button, Group, Paper, Stack, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TimeZoneSelect } from '../../ui/TimeZoneSelect';
import type { User } from '../session/types';
import { useUpdateUser } from '../users/api';

/** Your name and time zone: others see them when deciding whether to call you at 3 AM. */
export function ProfileForm({ me }: { me: User }) {
  const [name, setName] = useState(me.name);
  const [zone, setZone] = useState(me.time_zone);
  const update = useUpdateUser();
  const changed = name.trim() !== me.name || zone !== me.time_zone;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!changed || !name.trim()) return;
    update.mutate(
      { id: me.id, patch: { name: name.trim(), time_zone: zone } },
      { onSuccess: () => notifications.show({ color: 'green', message: 'Profile saved' }) },
    );
  };

  return (
    <Paper withBorder radius="md" p="md">
      <form onSubmit={submit} aria-label="Profile">
        <Stack gap="sm">
          <Title order={2} size="h4">
            About you
          </Title>
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <TimeZoneSelect description="Teammates see your local time before they call" value={zone} onChange={(v) => v && setZone(v)} />
          <ErrorAlert error={update.error} title="Profile not saved" />
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending} disabled={!changed || !name.trim()}>
              Save profile
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
