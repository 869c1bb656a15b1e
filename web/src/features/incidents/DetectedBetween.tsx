import '@mantine/dates/styles.layer.css';
import { DatePickerInput } from '@mantine/dates';

interface Props {
  from: string;
  to: string;
  onChange: (range: { from: string; to: string }) => void;
}

/** The custom detection range ('YYYY-MM-DD' days); its own chunk, as only "Custom range" needs @mantine/dates. */
export function DetectedBetween({ from, to, onChange }: Props) {
  return (
    <DatePickerInput
      type="range"
      aria-label="Detected between"
      placeholder="From – to"
      allowSingleDateInRange
      clearable
      maxDate={new Date()}
      valueFormat="MMM D, YYYY"
      value={[from || null, to || null]}
      onChange={([f, t]) => onChange({ from: f ?? '', to: t ?? '' })}
      style={{ flex: '1 1 220px', maxWidth: 280 }}
    />
  );
}
