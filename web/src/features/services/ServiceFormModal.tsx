import { Button, Group, Modal, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { CatalogPicker } from '../../ui/CatalogPicker';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldError, formError, nameTaken, type FriendlyMessages } from '../../ui/fieldErrors';
import { PeoplePicker } from '../users/PeoplePicker';
import { type Service, type ServiceInput, useCreateService, useUpdateService } from './api';
import { ServicePicker } from './ServicePicker';

/** Create a service (no `service`) or edit one; `onSaved` gets the saved service. */
export function ServiceFormModal(props: { service?: Service; opened: boolean; onClose: () => void; onSaved?: (s: Service) => void }) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.service ? `Edit ${props.service.name}` : 'New service'} centered size="lg">
      {props.opened && <ServiceForm service={props.service} onDone={props.onClose} onSaved={props.onSaved} />}
    </Modal>
  );
}

const toInput = (s?: Service): ServiceInput => ({
  name: s?.name ?? '',
  description: s?.description ?? '',
  owner_team_id: s?.owner_team_id ?? null,
  runbook_url: s?.runbook_url ?? '',
  expert_ids: s?.expert_ids ?? [],
  dependency_ids: s?.dependency_ids ?? [],
});

const FIELDS = ['name', 'description', 'owner_team_id', 'runbook_url', 'expert_ids', 'dependency_ids'];
// The API's wording is for programs ("runbook_url must be an http(s) URL"); say it for people.
const FRIENDLY: FriendlyMessages = {
  name: 'Enter a name, at most 200 characters.',
  runbook_url: 'Enter a web address starting with https:// (or http://), e.g. https://wiki.example.com/runbooks/checkout.',
  owner_team_id: 'That team no longer exists; pick another.',
  expert_ids: 'Someone picked is no longer in Tocsin; remove them.',
  dependency_ids: (detail) => {
    const loop = /would make a cycle: (.+)$/.exec(detail)?.[1];
    if (loop) return `This would make a loop (${loop}); remove one of these dependencies.`;
    return /itself/.test(detail) ? 'A service cannot depend on itself.' : 'A service picked no longer exists; remove it.';
  },
};

function ServiceForm({ service, onDone, onSaved }: { service?: Service; onDone: () => void; onSaved?: (s: Service) => void }) {
  const [f, setF] = useState<ServiceInput>(() => toInput(service));
  const create = useCreateService();
  const update = useUpdateService();
  const save = service ? update : create;
  const set = (p: Partial<ServiceInput>) => (setF((prev) => ({ ...prev, ...p })), save.reset());
  const err = (field: string) => fieldError(save.error, field, FRIENDLY) ?? (field === 'name' ? nameTaken(save.error, 'service') : undefined);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!f.name.trim()) return;
    const input = { ...f, name: f.name.trim(), description: f.description.trim(), runbook_url: f.runbook_url?.trim() || null };
    const done = { onSuccess: (s: Service) => (onSaved?.(s), onDone()) };
    if (service) update.mutate({ id: service.id, input }, done);
    else create.mutate(input, done);
  };

  return (
    <form onSubmit={submit} aria-label={service ? 'Edit service' : 'New service'}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label="Name" required data-autofocus value={f.name} error={err('name')} onChange={(e) => set({ name: e.currentTarget.value })} />
          <CatalogPicker
            path="/teams"
            label="Owner team"
            placeholder="No owner team"
            clearable
            error={err('owner_team_id')}
            value={f.owner_team_id}
            onChange={(v) => set({ owner_team_id: v })}
          />
        </SimpleGrid>
        <Textarea label="Description" description="What it does, for someone who has never seen it" autosize minRows={2} value={f.description} error={err('description')} onChange={(e) => set({ description: e.currentTarget.value })} />
        <TextInput label="Runbook URL" type="url" placeholder="https://wiki.example.com/runbooks/checkout" value={f.runbook_url ?? ''} error={err('runbook_url')} onChange={(e) => set({ runbook_url: e.currentTarget.value })} />
        <PeoplePicker label="Subject-matter experts" description="Who knows it best, besides the owner team" value={f.expert_ids} error={err('expert_ids')} onChange={(expert_ids) => set({ expert_ids })} />
        <ServicePicker
          label="Depends on"
          description="Services this one needs to work"
          placeholder="Pick services"
          exclude={service ? [service.id] : []}
          error={err('dependency_ids')}
          value={f.dependency_ids}
          onChange={(dependency_ids) => set({ dependency_ids })}
        />
        <ErrorAlert error={nameTaken(save.error, 'service') ? null : formError(save.error, FIELDS)} title="Service not saved" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!f.name.trim()}>
            {service ? 'Save service' : 'Create service'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
