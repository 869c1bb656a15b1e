import { Badge, Button, Chip, Collapse, Group, SegmentedControl, Stack } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconAdjustmentsHorizontal } from '@tabler/icons-react';
import type { RefObject } from 'react';
import { IncidentScopeFilters } from './IncidentScopeFilters';
import { IncidentSearchBox } from './IncidentSearchBox';
import { type FilterState, narrowingCount, type StatusView } from './listFilters';
import { SEVERITIES, type Severity } from './types';

interface Props {
  value: FilterState;
  onChange: (next: Partial<FilterState>) => void;
  searchRef?: RefObject<HTMLInputElement | null>;
}

/**
 * Status and search always in view; severity, service, detection time and drills beside them on
 * wide screens, behind a "Filters" button (with how many are set) on a phone.
 */
export function IncidentFilterBar({ value, onChange, searchRef }: Props) {
  const wide = useMediaQuery('(min-width: 48em)', true);
  const [expanded, { toggle }] = useDisclosure(false);
  const count = narrowingCount({ ...value, q: '' });
  const severity = (
    <Chip.Group multiple value={value.severity} onChange={(v) => onChange({ severity: v as Severity[] })}>
      <Group gap={6} role="group" aria-label="Severity">
        {SEVERITIES.map((s) => (
          <Chip key={s} value={s} size="sm" variant="outline">
            {s}
          </Chip>
        ))}
      </Group>
    </Chip.Group>
  );
  return (
    <Stack gap="sm">
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
        {wide && severity}
        <IncidentSearchBox value={value.q} onChange={(q) => onChange({ q })} inputRef={searchRef} />
        {!wide && (
          <Button
            variant={count ? 'light' : 'default'}
            leftSection={<IconAdjustmentsHorizontal size={16} />}
            rightSection={count ? <Badge size="sm" circle>{count}</Badge> : null}
            onClick={toggle}
            aria-expanded={expanded}
            aria-controls="incident-filters"
          >
            Filters
          </Button>
        )}
      </Group>
      {wide ? (
        <IncidentScopeFilters value={value} onChange={onChange} />
      ) : (
        <Collapse expanded={expanded} id="incident-filters">
          <Stack gap="sm">
            {severity}
            <IncidentScopeFilters value={value} onChange={onChange} />
          </Stack>
        </Collapse>
      )}
    </Stack>
  );
}
