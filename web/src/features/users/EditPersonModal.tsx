import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldError, formError } from '../../ui/fieldErrors';
import { TimeZoneSelect } from '../../ui/TimeZoneSelect';
import type { User } from '../session/types';
import { useUpdateUser } from './api';

const FRIENDLY = { name: 'Enter their name, at most 200 characters.', time_zone: 'Pick a time zone from the list.' };

/** An admin corrects someone's name or time zone (the role is changed on the row). */
export function EditPersonModal({ person, opened, onClose }: { person: User; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Edit ${person.name}`} centered>
      {opened && <EditPersonForm person={person} onDone={onClose} />}
    </Modal>
  );
}

function EditPersonForm({ person, onDone }: { person: User; onDone: () => void }) {
  const [f, setF] = useState({ name: person.name, time_zone: person.time_zone });
  const update = useUpdateUser();
  const set = (p: Partial<typeof f>) => (setF((prev) => ({ ...prev, ...p })), update.reset());
  const changed = f.name.trim() !== person.name || f.time_zone !== person.time_zone;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!changed || !f.name.trim()) return;
    update.mutate(
      { id: person.id, patch: { name: f.name.trim(), time_zone: f.time_zone } },
      { onSuccess: (u) => (notifications.show({ color: 'green', message: `${u.name} saved` }), onDone()) },
    );
  };

  return (
    <form onSubmit={submit} aria-label={`Edit ${person.name}`}>
      <Stack gap="sm">
        <TextInput label="Name" required data-autofocus value={f.name} error={fieldError(update.error, 'name', FRIENDLY)} onChange={(e) => set({ name: e.currentTarget.value })} />
        <TimeZoneSelect value={f.time_zone} error={fieldError(update.error, 'time_zone', FRIENDLY)} onChange={(v) => v && set({ time_zone: v })} />
        <ErrorAlert error={formError(update.error, ['name', 'time_zone'])} title="Not saved" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending} disabled={!changed || !f.name.trim()}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
