import { Anchor, Button, Group, Paper, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft, IconPlus } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { CatalogMultiPicker } from '../../ui/CatalogPicker';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldError, formError, nameTaken } from '../../ui/fieldErrors';
import { TimeZoneSelect } from '../../ui/TimeZoneSelect';
import { browserTimeZone } from '../../ui/timeZones';
import { useCreateSchedule } from './api';
import type { Template } from './types';
import { toLocalInput } from './zoned';

const TEMPLATES: { value: Template; label: string; help: string }[] = [
  { value: 'weekly', label: 'Weekly', help: 'One rotation: each member is on call for a week, handing off at the time below.' },
  { value: 'follow-the-sun', label: 'Follow the sun', help: 'Three eight-hour windows of the day (00–08, 08–16, 16–24); members are dealt into the three groups in order. At least three members.' },
  { value: 'primary-secondary', label: 'Primary + secondary', help: 'Two schedules with the same weekly rotation, the secondary one member ahead. At least two members.' },
];
const FIELDS = ['name', 'time_zone', 'members', 'start_date', 'handoff'];

/** A new schedule from one of the three templates; layers can be changed afterwards. */
export function ScheduleNewPage() {
  useDocumentTitle('New schedule · Tocsin');
  const navigate = useNavigate();
  const create = useCreateSchedule();
  const zone0 = browserTimeZone();
  const [f, setF] = useState({ name: '', time_zone: zone0, template: 'weekly' as Template, members: [] as string[], start_date: toLocalInput(Date.now(), zone0).slice(0, 10), handoff: '09:00' });
  const set = (p: Partial<typeof f>) => (setF((prev) => ({ ...prev, ...p })), create.reset());
  const err = (field: string) => fieldError(create.error, field);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ ...f, name: f.name.trim() }, { onSuccess: (s) => navigate(`/schedules/${s.id}`, { replace: true }) });
  };
  return (
    <Stack gap="md" maw={760}>
      <Anchor component={Link} to="/schedules" size="sm" c="dimmed">
        <Group gap={4}>
          <IconArrowLeft size={14} /> All schedules
        </Group>
      </Anchor>
      <Title order={1} size="h2">
        New schedule
      </Title>
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }}>
        <form onSubmit={submit} aria-label="New schedule" noValidate>
          <Stack gap="md">
            <SegmentedControl aria-label="Template" value={f.template} onChange={(v) => set({ template: v as Template })} data={TEMPLATES.map((t) => ({ value: t.value, label: t.label }))} fullWidth />
            <Text size="sm" c="dimmed">
              {TEMPLATES.find((t) => t.value === f.template)?.help}
            </Text>
            <TextInput label="Name" required value={f.name} error={err('name') ?? nameTaken(create.error, 'schedule')} onChange={(e) => set({ name: e.currentTarget.value })} />
            <TimeZoneSelect value={f.time_zone} error={err('time_zone')} onChange={(v) => v && set({ time_zone: v })} description="Hand-offs and windows are in this zone, across daylight-saving changes" />
            <CatalogMultiPicker path="/users" label="Members, in turn order" value={f.members} error={err('members') ?? err('layers')} onChange={(members) => set({ members })} />
            <Group grow wrap="wrap">
              <TextInput type="date" label="First hand-off" value={f.start_date} error={err('start_date')} onChange={(e) => set({ start_date: e.currentTarget.value })} />
              {f.template !== 'follow-the-sun' && <TextInput type="time" label="Hand-off time" value={f.handoff} error={err('handoff')} onChange={(e) => set({ handoff: e.currentTarget.value })} />}
            </Group>
            <ErrorAlert error={formError(create.error, FIELDS)} title="Schedule not created" />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => navigate('/schedules')}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} leftSection={<IconPlus size={18} />}>
                Create schedule
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
