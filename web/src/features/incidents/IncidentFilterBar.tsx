import { Badge, Box, Button, Chip, Collapse, Group, Stack } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconAdjustmentsHorizontal } from '@tabler/icons-react';
import { lazy, type RefObject, Suspense, useState } from 'react';
import { useIdle } from '../../ui/idle';
import { StaticSegmentedControl } from '../../ui/StaticSegmentedControl';
import { IncidentSearchBox } from './IncidentSearchBox';
import { type FilterState, narrowingCount, type StatusView } from './listFilters';
import { SEVERITIES, type Severity } from './types';

// Service, detection time and drills use Mantine's Select (Popover, floating-ui) and the whole
// stylesheet: not needed to paint the list, so they load at the first idle moment (wide screens)
// or when "Filters" is opened (phones), a same-sized placeholder holding their place meanwhile.
const IncidentScopeFilters = lazy(async () => ({ default: (await import('./IncidentScopeFilters')).IncidentScopeFilters }));

const VIEWS = [
  { value: 'open', label: 'Open' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'closed', label: 'Closed' },
  { value: 'all', label: 'All' },
] as const;

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
  // Read at the first render, so a phone never renders the wide layout first.
  const wide = useMediaQuery('(min-width: 48em)', undefined, { getInitialValueInEffect: false });
  const [expanded, { toggle }] = useDisclosure(false);
  const [opened, setOpened] = useState(false);
  if (expanded && !opened) setOpened(true);
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
        <StaticSegmentedControl<StatusView> aria-label="Status" value={value.view} onChange={(view) => onChange({ view })} data={VIEWS} />
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
        <ScopeFilters value={value} onChange={onChange} whenIdle />
      ) : (
        <Collapse expanded={expanded} id="incident-filters">
          <Stack gap="sm">
            {severity}
            {opened && <ScopeFilters value={value} onChange={onChange} />}
          </Stack>
        </Collapse>
      )}
    </Stack>
  );
}

/** The scope filters, loaded lazily: at once, or from the first idle moment (`whenIdle`). */
function ScopeFilters({ value, onChange, whenIdle = false }: Omit<Props, 'searchRef'> & { whenIdle?: boolean }) {
  const idle = useIdle();
  if (whenIdle && !idle) return <ScopePlaceholder />;
  return (
    <Suspense fallback={<ScopePlaceholder />}>
      <IncidentScopeFilters value={value} onChange={onChange} />
    </Suspense>
  );
}

/** Where the scope filters go, as wide and as tall as they are (no layout shift when they arrive). */
function ScopePlaceholder() {
  return (
    <Group gap="sm" wrap="wrap" aria-hidden>
      <Box h={36} style={{ flex: '1 1 170px', maxWidth: 260 }} />
      <Box h={36} style={{ flex: '1 1 150px', maxWidth: 200 }} />
      <Box h={36} w={300} />
    </Group>
  );
}
