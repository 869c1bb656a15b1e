import { Chip, Group, SegmentedControl, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import type { RefObject } from 'react';
import { SEVERITIES, type Severity } from './types';

export type StatusView = 'open' | 'resolved' | 'closed' | 'all';

export interface FilterState {
  view: StatusView;
  severity: Severity[];
  q: string;
}

interface Props {
  value: FilterState;
  onChange: (next: Partial<FilterState>) => void;
  searchRef?: RefObject<HTMLInputElement | null>;
}

export function IncidentFilterBar({ value, onChange, searchRef }: Props) {
  return (
    <Group gap="sm" align="center" wrap="wrap">
      <SegmentedControl
        aria-label="Status"
        value={value.view}
        onChange={(v) => onChange({ view: v as StatusView })}
        data={[
          { value: 'open', label: 'Open' },
          { value: 'resolved', label: 'Resolved' },
          { value: 'closed', label: 'Closed' },
          { value: 'all', label: 'All' },
        ]}
      />
      <Chip.Group multiple value={value.severity} onChange={(v) => onChange({ severity: v as Severity[] })}>
        <Group gap={6} role="group" aria-label="Severity">
          {SEVERITIES.map((s) => (
            <Chip key={s} value={s} size="sm" variant="outline">
              {s}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      <TextInput
        ref={searchRef}
        aria-label="Search incidents"
        placeholder="Search titles  ( / )"
        leftSection={<IconSearch size={16} />}
        value={value.q}
        onChange={(e) => onChange({ q: e.currentTarget.value })}
        style={{ flex: '1 1 200px' }}
      />
    </Group>
  );
}
