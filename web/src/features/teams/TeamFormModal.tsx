import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldError, formError, nameTaken, type FriendlyMessages } from '../../ui/fieldErrors';
import { PeoplePicker } from '../users/PeoplePicker';
import { type Team, type TeamInput, useCreateTeam, useUpdateTeam } from './api';

const FIELDS = ['name', 'description', 'member_ids'];
// The API's wording is for programs; say it for people, beside the field it is about.
const FRIENDLY: FriendlyMessages = {
  name: 'Enter a name, at most 200 characters.',
  description: 'Keep the description under 5,000 characters.',
  member_ids: 'Someone picked is no longer in Tocsin; remove them.',
};

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
  const err = (field: string) => fieldError(save.error, field, FRIENDLY) ?? (field === 'name' ? nameTaken(save.error, 'team') : undefined);
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
        <TextInput label="Name" required data-autofocus value={f.name} error={err('name')} onChange={(e) => setF({ ...f, name: e.currentTarget.value })} />
        <Textarea label="Description" autosize minRows={2} value={f.description} error={err('description')} onChange={(e) => setF({ ...f, description: e.currentTarget.value })} />
        <PeoplePicker label="Members" value={f.member_ids} error={err('member_ids')} onChange={(member_ids) => setF({ ...f, member_ids })} />
        <ErrorAlert error={nameTaken(save.error, 'team') ? null : formError(save.error, FIELDS)} title="Team not saved" />
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
