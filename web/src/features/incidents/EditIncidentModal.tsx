import { Autocomplete, Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ServicePicker } from '../services/ServicePicker';
import { useUpdateIncident } from './api';
import { ImpactFields } from './ImpactFields';
import { editOf, type IncidentEdit, incidentPatch, ROOT_CAUSE_SUGGESTIONS } from './incidentPatch';
import type { Incident } from './types';

/** Edit what the incident is about; the timeline records which fields changed. */
export function EditIncidentModal({ incident, opened, onClose }: { incident: Incident; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Edit #${incident.number}`} centered size="lg">
      {opened && <EditIncidentForm incident={incident} onDone={onClose} />}
    </Modal>
  );
}

function EditIncidentForm({ incident, onDone }: { incident: Incident; onDone: () => void }) {
  const [before] = useState(() => editOf(incident));
  const [f, setF] = useState<IncidentEdit>(before);
  const set = (p: Partial<IncidentEdit>) => setF((prev) => ({ ...prev, ...p }));
  const update = useUpdateIncident(incident.id);
  const changes = incidentPatch(before, f);
  const ready = f.title.trim() !== '' && Object.keys(changes).length > 0;
  // Services named by the incident stay pickable even if the catalog no longer lists them.
  const known = incident.services.map((s) => ({ value: s.id, label: s.name }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready) update.mutate(changes, { onSuccess: onDone });
  };

  return (
    <form onSubmit={submit} aria-label="Edit incident">
      <Stack gap="sm">
        <TextInput label="Title" required data-autofocus value={f.title} onChange={(e) => set({ title: e.currentTarget.value })} />
        <ServicePicker label="Affected services" known={known} value={f.service_ids} onChange={(service_ids) => set({ service_ids })} />
        <ImpactFields value={f.impact} onChange={(impact) => set({ impact })} />
        <Textarea label="Hypothesis" placeholder="What might be causing it?" autosize minRows={2} value={f.hypothesis} onChange={(e) => set({ hypothesis: e.currentTarget.value })} />
        <Autocomplete
          label="Root cause category"
          placeholder="Not known yet"
          maxLength={100}
          data={ROOT_CAUSE_SUGGESTIONS}
          value={f.root_cause_category}
          onChange={(root_cause_category) => set({ root_cause_category })}
        />
        <ErrorAlert error={update.error} title="Incident not changed" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending} disabled={!ready}>
            Save changes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
