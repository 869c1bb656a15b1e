import { Button, Group, TextInput } from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldError, formError } from '../../ui/fieldErrors';
import { fromLocalInput, toLocalInput } from './zoned';

interface Props {
  /** The zone the inputs are read in. */
  zone: string;
  initial: { start: number; end: number };
  error: unknown;
  pending: boolean;
  submitLabel: string;
  /** Fields beside the range (who covers). */
  children?: ReactNode;
  extraFields?: string[];
  onSubmit: (range: { start: string; end: string }) => void;
}

const iso = (local: string, zone: string) => {
  const ms = fromLocalInput(local, zone);
  return Number.isNaN(ms) ? local : new Date(ms).toISOString();
};

/** A start and an end, as wall-clock times in `zone` (a form instead of drag-selecting the timeline). */
export function RangeForm({ zone, initial, error, pending, submitLabel, children, extraFields = [], onSubmit }: Props) {
  const [start, setStart] = useState(toLocalInput(initial.start, zone));
  const [end, setEnd] = useState(toLocalInput(initial.end, zone));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit({ start: iso(start, zone), end: iso(end, zone) });
  };
  return (
    <form onSubmit={submit} aria-label={submitLabel} noValidate>
      <Group align="flex-end" wrap="wrap" gap="sm">
        {children}
        <TextInput type="datetime-local" label={`From (${zone})`} value={start} error={fieldError(error, 'start')} onChange={(e) => setStart(e.currentTarget.value)} />
        <TextInput type="datetime-local" label={`Until (${zone})`} value={end} error={fieldError(error, 'end')} onChange={(e) => setEnd(e.currentTarget.value)} />
        <Button type="submit" loading={pending}>
          {submitLabel}
        </Button>
      </Group>
      <ErrorAlert error={formError(error, ['start', 'end', ...extraFields])} title={`${submitLabel}: not done`} />
    </form>
  );
}
