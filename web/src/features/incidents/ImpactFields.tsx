import { Checkbox, Fieldset, NumberInput, SimpleGrid, TextInput } from '@mantine/core';
import type { Impact } from './types';

export function ImpactFields({ value, onChange }: { value: Impact; onChange: (v: Impact) => void }) {
  return (
    <Fieldset legend="Impact" variant="filled">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label="What is broken"
          placeholder="Payments fail at checkout"
          value={value.functionality_broken ?? ''}
          onChange={(e) => onChange({ ...value, functionality_broken: e.currentTarget.value })}
        />
        <NumberInput
          label="Users affected (estimate)"
          min={0}
          allowDecimal={false}
          thousandSeparator=","
          value={value.users_affected ?? ''}
          onChange={(v) => onChange({ ...value, users_affected: typeof v === 'number' ? v : null })}
        />
      </SimpleGrid>
      <Checkbox
        mt="sm"
        label="Data at risk (loss, corruption or exposure)"
        checked={!!value.data_at_risk}
        onChange={(e) => onChange({ ...value, data_at_risk: e.currentTarget.checked })}
      />
    </Fieldset>
  );
}
