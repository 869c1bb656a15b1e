import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { PeoplePicker } from '../users/PeoplePicker';
import { type Team, type TeamInput, useCreateTeam, useUpdateTeam } from './api';

/** Create a team (no `team`) or edit one. */
export function TeamFormModal({ team, opened, onClose }: { team?: Team; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={team ? `Edit ${team.name}` : 'New team'} centered size="lg">
      {opened && <TeamForm team={team} onDone={onClose} />}
    </Modal>
  );
}

function TeamForm({ team, onDone }: { team?: Team; onDone: () => void }) {
  const [f, setF] = useState<TeamInput>({ name: team?.name ?? '', description: team?.description ?? '', member_ids: team?.member_ids ?? [] });
  const create = useCreateTeam();
  const update = useUpdateTeam();
  const save = team ? update : create;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!f.name.trim()) return;
    const input = { ...f, name: f.name.trim(), description: f.description.trim() };
    if (team) update.mutate({ id: team.id, input }, { onSuccess: onDone });
    else create.mutate(input, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} aria-label={team ? 'Edit team' : 'New team'}>
      <Stack gap="sm">
        <TextInput label="Name" required data-autofocus value={f.name} onChange={(e) => setF({ ...f, name: e.currentTarget.value })} />
        <Textarea label="Description" autosize minRows={2} value={f.description} onChange={(e) => setF({ ...f, description: e.currentTarget.value })} />
        <PeoplePicker label="Members" value={f.member_ids} onChange={(member_ids) => setF({ ...f, member_ids })} />
        <ErrorAlert error={save.error} title="Team not saved" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!f.name.trim()}>
            {team ? 'Save team' : 'Create team'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
