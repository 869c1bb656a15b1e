import { Button, Checkbox, Group, Modal, SegmentedControl, Stack, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { CatalogMultiPicker } from '../../ui/CatalogPicker';
import type { CatalogPath } from '../../ui/useCatalogSearch';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { type ManualTarget, usePageSomeone } from './api';

// "Page someone else": the seed's lateral escalation. A person, whoever is on call in a schedule,
// a team's members, or the subject-matter experts the service catalog names for a service.

type Kind = ManualTarget['kind'];
const KINDS: { value: Kind; label: string; path: CatalogPath; field: string; hint: string }[] = [
  { value: 'user', label: 'Person', path: '/users', field: 'People', hint: 'Each person chosen is paged by their own notification rules' },
  { value: 'schedule', label: 'Schedule', path: '/schedules', field: 'Schedules', hint: 'Whoever is on call in it right now' },
  { value: 'team', label: 'Team', path: '/teams', field: 'Teams', hint: 'Every member of the team' },
  { value: 'service_experts', label: 'Experts', path: '/services', field: 'Services', hint: 'The subject-matter experts the catalog names for the service' },
];

interface Props {
  incidentId: string;
  services: { id: string; name: string }[];
  opened: boolean;
  onClose: () => void;
}

export function PageSomeoneModal({ opened, onClose, ...rest }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title="Page someone else" centered>
      {/* Mounted per opening, so it starts empty each time. */}
      {opened && <PageSomeoneForm {...rest} onDone={onClose} />}
    </Modal>
  );
}

function PageSomeoneForm({ incidentId, services, onDone }: Omit<Props, 'opened' | 'onClose'> & { onDone: () => void }) {
  const [kind, setKind] = useState<Kind>('user');
  const [ids, setIds] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [reassign, setReassign] = useState(false);
  const page = usePageSomeone(incidentId);
  const k = KINDS.find((x) => x.value === kind)!;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ids.length || page.isPending) return;
    page.mutate(
      { targets: ids.map((id) => ({ kind, id })), ...(note.trim() ? { note: note.trim() } : {}), ...(reassign ? { reassign: true } : {}) },
      {
        onSuccess: (answer) => {
          const cannot = answer.unreachable.map((u) => u.name);
          notifications.show({
            color: cannot.length ? 'orange' : 'teal',
            title: `${reassign ? 'Reassigned: paged' : 'Paged'} ${answer.pages.length} ${answer.pages.length === 1 ? 'person' : 'people'}`,
            message: cannot.length ? `Cannot be reached (no verified contact method): ${cannot.join(', ')}` : 'Their pages are on their way',
          });
          onDone();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} aria-label="Page someone else">
      <Stack gap="md">
        <SegmentedControl
          aria-label="Whom to page"
          fullWidth
          value={kind}
          onChange={(v) => {
            setKind(v as Kind);
            setIds([]);
          }}
          data={KINDS.map((x) => ({ value: x.value, label: x.label }))}
        />
        <CatalogMultiPicker
          key={kind}
          path={k.path}
          label={k.field}
          description={k.hint}
          placeholder="Type to search"
          known={kind === 'service_experts' ? services.map((s) => ({ value: s.id, label: s.name })) : undefined}
          value={ids}
          onChange={setIds}
          comboboxProps={{ withinPortal: true }}
        />
        <Textarea label="Note" description="Sent with the page: why them, what you need" placeholder="Checkout DB is at 100% CPU, need a DBA" autosize minRows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        <Checkbox
          label="Reassign: stop the escalation; they take the incident"
          description="Without it, they are paged too and the escalation goes on"
          checked={reassign}
          onChange={(e) => setReassign(e.currentTarget.checked)}
        />
        <ErrorAlert error={page.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" color="red" loading={page.isPending} disabled={!ids.length}>
            {reassign ? 'Reassign now' : 'Page now'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
