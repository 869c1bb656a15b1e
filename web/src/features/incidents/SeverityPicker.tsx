import { Input, SegmentedControl, Text } from '@mantine/core';
import { SEVERITY_COLOR, SEVERITY_HINT } from './presentation';
import { SEVERITIES, type Severity } from './types';

/** SEV-1..SEV-4 as one row of radio buttons, tinted by severity, with what each level means. */
export function SeverityPicker({ value, onChange, label = 'Severity' }: { value: Severity; onChange: (s: Severity) => void; label?: string }) {
  return (
    <Input.Wrapper label={label} required>
      <SegmentedControl
        fullWidth
        aria-label={label}
        value={value}
        onChange={(v) => onChange(v as Severity)}
        color={SEVERITY_COLOR[value]}
        data={SEVERITIES.map((s) => ({ value: s, label: s }))}
        mt={4}
      />
      <Text size="xs" c="dimmed" mt={4}>
        {SEVERITY_HINT[value]}
      </Text>
    </Input.Wrapper>
  );
}
