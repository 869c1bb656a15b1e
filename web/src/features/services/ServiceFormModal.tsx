import { Button, Group, Modal, MultiSelect, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useTeams } from '../teams/api';
import { PeoplePicker } from '../users/PeoplePicker';
import { type Service, type ServiceInput, useCreateService, useServices, useUpdateService } from './api';

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

function ServiceForm({ service, onDone, onSaved }: { service?: Service; onDone: () => void; onSaved?: (s: Service) => void }) {
  const [f, setF] = useState<ServiceInput>(() => toInput(service));
  const set = (p: Partial<ServiceInput>) => setF((prev) => ({ ...prev, ...p }));
  const teams = useTeams();
  const services = useServices();
  const create = useCreateService();
  const update = useUpdateService();
  const save = service ? update : create;
  const others = (services.data ?? []).filter((s) => s.id !== service?.id);

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
          <TextInput label="Name" required data-autofocus value={f.name} onChange={(e) => set({ name: e.currentTarget.value })} />
          <Select
            label="Owner team"
            placeholder="No owner team"
            searchable
            clearable
            data={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
            value={f.owner_team_id}
            onChange={(v) => set({ owner_team_id: v })}
          />
        </SimpleGrid>
        <Textarea label="Description" description="What it does, for someone who has never seen it" autosize minRows={2} value={f.description} onChange={(e) => set({ description: e.currentTarget.value })} />
        <TextInput label="Runbook URL" type="url" placeholder="https://wiki.example.com/runbooks/checkout" value={f.runbook_url ?? ''} onChange={(e) => set({ runbook_url: e.currentTarget.value })} />
        <PeoplePicker label="Subject-matter experts" description="Who knows it best, besides the owner team" value={f.expert_ids} onChange={(expert_ids) => set({ expert_ids })} />
        <MultiSelect
          label="Depends on"
          description="Services this one needs to work"
          placeholder={others.length ? 'Pick services' : 'No other services yet'}
          searchable
          clearable
          data={others.map((s) => ({ value: s.id, label: s.name }))}
          value={f.dependency_ids}
          onChange={(dependency_ids) => set({ dependency_ids })}
        />
        <ErrorAlert error={save.error} title="Service not saved" />
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
