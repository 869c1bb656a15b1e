import '../../styles.all';
import { Box, Group, SegmentedControl, Select } from '@mantine/core';
import { IconCalendar, IconServer } from '@tabler/icons-react';
import { lazy, Suspense } from 'react';
import { CatalogPicker } from '../../ui/CatalogPicker';
import { DETECTED_LABEL, type DetectedRange, type DrillFilter, type FilterState } from './listFilters';

interface Props {
  value: FilterState;
  onChange: (next: Partial<FilterState>) => void;
}

const DetectedBetween = lazy(async () => ({ default: (await import('./DetectedBetween')).DetectedBetween }));

const DETECTED_OPTIONS = (Object.keys(DETECTED_LABEL) as DetectedRange[]).map((v) => ({ value: v, label: DETECTED_LABEL[v] }));

/** Which incidents: the affected service, when they were detected, real or drill (loaded lazily by IncidentFilterBar). */
export function IncidentScopeFilters({ value, onChange }: Props) {
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      {/* A service from a shared link that is not in the catalog (deleted) still shows as chosen, by id. */}
      <CatalogPicker
        path="/services"
        aria-label="Service"
        placeholder="All services"
        leftSection={<IconServer size={16} />}
        value={value.service || null}
        onChange={(v) => onChange({ service: v ?? '' })}
        clearable
        style={{ flex: '1 1 170px', maxWidth: 260 }}
      />
      <Select
        aria-label="Detected"
        leftSection={<IconCalendar size={16} />}
        data={DETECTED_OPTIONS}
        value={value.detected}
        onChange={(v) => onChange({ detected: (v as DetectedRange | null) ?? 'any', from: '', to: '' })}
        allowDeselect={false}
        style={{ flex: '1 1 150px', maxWidth: 200 }}
      />
      {value.detected === 'custom' && (
        <Suspense fallback={<Box h={36} style={{ flex: '1 1 220px', maxWidth: 280 }} />}>
          <DetectedBetween from={value.from} to={value.to} onChange={onChange} />
        </Suspense>
      )}
      <SegmentedControl
        aria-label="Drills"
        value={value.drill}
        onChange={(v) => onChange({ drill: v as DrillFilter })}
        data={[
          { value: 'all', label: 'With drills' },
          { value: 'real', label: 'No drills' },
          { value: 'drills', label: 'Drills only' },
        ]}
      />
    </Group>
  );
}
