import { Button, FileInput, Group, NumberInput, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldError, formError } from '../../ui/fieldErrors';
import { useHolidays, useImportHolidays, usePayRates, useSetPayRates } from './api';
import type { PayRates } from './types';

const CATEGORIES = [
  ['business', 'Business hours'],
  ['after_hours', 'After hours'],
  ['weekend', 'Weekend'],
  ['holiday', 'Holiday'],
] as const;

type Rates = Record<(typeof CATEGORIES)[number][0] | 'per_shift', number | string>;
const blankRates = (r: PayRates | null | undefined): Rates => ({
  business: r?.per_hour?.business ?? '',
  after_hours: r?.per_hour?.after_hours ?? '',
  weekend: r?.per_hour?.weekend ?? '',
  holiday: r?.per_hour?.holiday ?? '',
  per_shift: r?.per_shift ?? '',
});
const num = (v: number | string): number | undefined => (v === '' ? undefined : Number(v));

/** The pay rates form: per hour in each category and/or per shift, in one currency. */
function RatesForm({ scheduleId, initial }: { scheduleId: string; initial: PayRates | null }) {
  const save = useSetPayRates(scheduleId);
  const [currency, setCurrency] = useState(initial?.currency ?? 'EUR');
  const [rates, setRates] = useState(() => blankRates(initial));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const per_hour = Object.fromEntries(CATEGORIES.flatMap(([k]) => (num(rates[k]) === undefined ? [] : [[k, num(rates[k])]])));
    save.mutate({ currency: currency.trim().toUpperCase(), per_hour, ...(num(rates.per_shift) === undefined ? {} : { per_shift: num(rates.per_shift) }) });
  };
  return (
    <form onSubmit={submit} aria-label="Pay rates" noValidate>
      <Stack gap="xs">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput label="Currency" w={100} value={currency} error={fieldError(save.error, 'currency')} onChange={(e) => setCurrency(e.currentTarget.value)} />
          {CATEGORIES.map(([k, label]) => (
            <NumberInput key={k} label={`${label}, per hour`} w={150} min={0} decimalScale={2} value={rates[k]} error={fieldError(save.error, `per_hour.${k}`)} onChange={(v) => setRates((r) => ({ ...r, [k]: v }))} />
          ))}
          <NumberInput label="Per shift" w={120} min={0} decimalScale={2} value={rates.per_shift} error={fieldError(save.error, 'per_shift')} onChange={(v) => setRates((r) => ({ ...r, per_shift: v }))} />
        </Group>
        <Group gap="sm">
          <Button type="submit" loading={save.isPending && save.variables !== null}>
            Save pay rates
          </Button>
          {initial && (
            <Button variant="default" loading={save.isPending && save.variables === null} onClick={() => save.mutate(null, { onSuccess: () => setRates(blankRates(null)) })}>
              Remove pay rates
            </Button>
          )}
        </Group>
        <ErrorAlert error={formError(save.error, ['currency', 'per_hour', 'per_shift'])} title="Pay rates: not saved" />
      </Stack>
    </form>
  );
}

/** Admins: the schedule's holiday calendar (an iCalendar file) and its on-call pay rates, for the pay report. */
export function PayPanel({ scheduleId }: { scheduleId: string }) {
  const holidays = useHolidays(scheduleId);
  const rates = usePayRates(scheduleId);
  const upload = useImportHolidays(scheduleId);
  const list = holidays.data?.holidays ?? [];
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Holidays and pay
        </Title>
        <FileInput
          label="Holiday calendar (.ics)"
          description="Its all-day events become holidays; hours on them are paid as holiday"
          accept=".ics,text/calendar"
          placeholder="Choose a file"
          w={320}
          error={fieldError(upload.error, 'ics')}
          onChange={(file) => void file?.text().then((ics) => upload.mutate(ics))}
        />
        <ErrorAlert error={formError(upload.error, ['ics'])} title="Holidays: not imported" />
        <Text size="sm" data-testid="holidays">
          {list.length === 0
            ? 'No holidays.'
            : `${list.length} holiday${list.length === 1 ? '' : 's'}: ${list
                .slice(0, 5)
                .map((h) => `${h.date}${h.name ? ` ${h.name}` : ''}`)
                .join(', ')}${list.length > 5 ? ', …' : ''}`}
          {upload.data && upload.data.skipped > 0 ? ` (${upload.data.skipped} events skipped: not all-day, repeating or cancelled)` : ''}
        </Text>
        {rates.data && <RatesForm key={JSON.stringify(rates.data.rates)} scheduleId={scheduleId} initial={rates.data.rates} />}
      </Stack>
    </Paper>
  );
}
