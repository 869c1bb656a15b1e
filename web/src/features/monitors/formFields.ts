import type { MonitorForm } from './formModel';
import { formatSeconds } from './presentation';

/** What every part of the monitor form gets: the state, a setter, and the error beside a field. */
export interface FormPartProps {
  f: MonitorForm;
  set: (p: Partial<MonitorForm>) => void;
  err: (apiField: string) => string | undefined;
}

/** A number input's value back into the form: '' when cleared. */
export const numOrEmpty = (v: number | string): number | '' => (typeof v === 'number' ? v : v.trim() === '' || Number.isNaN(Number(v)) ? '' : Number(v));

/** Select options for durations in seconds, keeping a current value that is not a preset. */
export function durationOptions(presets: number[], current: number | ''): { value: string; label: string }[] {
  const all = current === '' || presets.includes(current) ? presets : [...presets, current].sort((a, b) => a - b);
  return all.map((s) => ({ value: String(s), label: formatSeconds(s) }));
}
