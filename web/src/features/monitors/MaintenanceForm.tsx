import { Button, Chip, Group, Input, NumberInput, SegmentedControl, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { DateTimePicker, TimeInput } from '@mantine/dates';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldError, formError } from '../../ui/fieldErrors';
import { TimeZoneSelect } from '../../ui/TimeZoneSelect';
import { browserTimeZone } from '../../ui/timeZones';
import { useViewerTimeZone } from '../../ui/viewerTimeZone';
import { nextWeeklyStart, parseTime, parseWall, type Weekday, WEEKDAY_LABEL, WEEKDAYS, weeklyRule, zonedToUtc } from './maintenance';
import { useCreateMaintenance } from './maintenanceApi';
import type { MaintenanceInput } from './types';

type Kind = 'once' | 'weekly';
const FIELDS = ['title', 'starts_at', 'ends_at', 'duration_minutes', 'rrule', 'time_zone'];

interface State {
  title: string;
  kind: Kind;
  start: string | null;
  end: string | null;
  days: Weekday[];
  time: string;
  minutes: number | string;
  zone: string;
}

/** The API body, or the sentence saying what is missing; times are read as wall clocks in the chosen zone. */
function toInput(s: State, monitorId: string, now: number): MaintenanceInput | string {
  const title = s.title.trim();
  if (!title) return 'Give the window a title.';
  if (s.kind === 'once') {
    const start = s.start ? parseWall(s.start) : null;
    const end = s.end ? parseWall(s.end) : null;
    if (!start || !end) return 'Pick when it starts and when it ends.';
    const [from, to] = [zonedToUtc(start, s.zone), zonedToUtc(end, s.zone)];
    if (to <= from) return 'The end must come after the start.';
    return { title, monitor_id: monitorId, starts_at: new Date(from).toISOString(), ends_at: new Date(to).toISOString(), time_zone: s.zone };
  }
  const time = parseTime(s.time);
  const minutes = Number(s.minutes);
  if (s.days.length === 0 || !time) return 'Pick at least one day and a start time.';
  if (!Number.isInteger(minutes) || minutes < 1) return 'The duration is a whole number of minutes.';
  const first = nextWeeklyStart(s.days, time, s.zone, now)!;
  return { title, monitor_id: monitorId, starts_at: new Date(first).toISOString(), duration_minutes: minutes, rrule: weeklyRule(s.days), time_zone: s.zone };
}

/** A new window: one-off (start and end) or weekly (days, time, length), in a chosen time zone. */
export function MaintenanceForm({ monitorId, onDone }: { monitorId: string; onDone: () => void }) {
  const zone = useViewerTimeZone() ?? browserTimeZone();
  const [s, setS] = useState<State>({ title: '', kind: 'once', start: null, end: null, days: ['SU'], time: '02:00', minutes: 60, zone });
  const [problem, setProblem] = useState<string | null>(null);
  const create = useCreateMaintenance(monitorId);
  const set = (p: Partial<State>) => (setS((prev) => ({ ...prev, ...p })), setProblem(null), create.reset());
  const err = (f: string) => fieldError(create.error, f);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input = toInput(s, monitorId, Date.now());
    if (typeof input === 'string') return setProblem(input);
    create.mutate(input, { onSuccess: onDone });
  };

  return (
    <form onSubmit={submit} aria-label="New maintenance window" noValidate>
      <Stack gap="sm">
        <TextInput label="Title" placeholder="Database upgrade" required data-autofocus value={s.title} error={err('title')} onChange={(e) => set({ title: e.currentTarget.value })} />
        <SegmentedControl aria-label="Repeats" value={s.kind} onChange={(k) => set({ kind: k as Kind })} data={[{ value: 'once', label: 'One-off' }, { value: 'weekly', label: 'Weekly' }]} />
        {s.kind === 'once' ? (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <DateTimePicker label="Starts" placeholder="Pick a date and time" value={s.start} error={err('starts_at')} onChange={(v) => set({ start: v })} />
            <DateTimePicker label="Ends" placeholder="Pick a date and time" value={s.end} error={err('ends_at')} onChange={(v) => set({ end: v })} />
          </SimpleGrid>
        ) : (
          <>
            <Input.Wrapper label="On" error={err('rrule')}>
              <Chip.Group multiple value={s.days} onChange={(days) => set({ days: days as Weekday[] })}>
                <Group gap={6} mt={4} role="group" aria-label="Days of the week">
                  {WEEKDAYS.map((d) => (
                    <Chip key={d} value={d} size="sm">
                      {WEEKDAY_LABEL[d]}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
            </Input.Wrapper>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TimeInput label="At" value={s.time} error={err('starts_at')} onChange={(e) => set({ time: e.currentTarget.value })} />
              <NumberInput label="For (minutes)" min={1} allowDecimal={false} value={s.minutes} error={err('duration_minutes')} onChange={(v) => set({ minutes: v })} />
            </SimpleGrid>
          </>
        )}
        <TimeZoneSelect value={s.zone} error={err('time_zone')} onChange={(v) => v && set({ zone: v })} description="The times above are read in this zone" />
        <ErrorAlert error={problem ?? formError(create.error, FIELDS)} title="Window not added" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Add window
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
