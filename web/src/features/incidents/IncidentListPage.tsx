import { Button, Center, Group, Kbd, Loader, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useDocumentTitle, useHotkeys } from '@mantine/hooks';
import { IconFlame, IconMoodCheck } from '@tabler/icons-react';
import { useDeferredValue, useEffect, useMemo, useRef } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useClientLinks } from '../../ui/useClientLinks';
import { markFirstScreen, useGrowingCount } from '../../ui/idle';
import { useNow } from '../../ui/useNow';
import { useIncidents } from './api';
import { useMe } from '../session/api';
import { canDeclare } from '../session/permissions';
import { usePagingOf } from '../paging/api';
import { whoIsPaged, type PagedLine } from '../paging/presentation';
import { isOpen } from './lifecycle';
import type { Incident } from './types';
import { IncidentFilterBar } from './IncidentFilterBar';
import classes from './IncidentListPage.module.css';
import { IncidentRow } from './IncidentRow';
import { type FilterState, listFiltersOf, narrowingCount, readFilters, type StatusView, writeFilters } from './listFilters';
import { listOrder } from './ordering';
import { focusRow } from './listKeys';

/**
 * The open view orders what is on fire across everything open, so it loads further pages by
 * itself (open incidents are few); past this many pages it waits for the button like the others.
 */
const OPEN_AUTOLOAD_PAGES = 10;

/** Open incidents whose paging the list shows: the API's limit for one request. */
const PAGED_ROWS = 100;

/** Rows rendered with the page: a phone's or a laptop's screenful; 20 more follow in each next task. */
const FIRST_ROWS = 10;
const MORE_ROWS = 20;
/** Rows always laid out: more than the tallest screen shows; further ones skip layout until scrolled near (`.later`). */
const FIRST_SCREEN_ROWS = 20;

export function IncidentListPage() {
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const incidents = useIncidents(listFiltersOf(filters, filters.q));
  const narrowed = narrowingCount(filters) > 0;
  const now = useNow();
  const navigate = useNavigate();
  const openLink = useClientLinks();
  const searchRef = useRef<HTMLInputElement>(null);
  const declares = canDeclare(useMe()?.role);
  const listRef = useRef<HTMLDivElement>(null); // Stack types its ref as a div; it renders the ul
  useHotkeys([
    ['n', () => declares && navigate('/incidents/new')],
    ['/', () => searchRef.current?.focus()],
    ['j', () => focusRow(listRef.current, 1)],
    ['k', () => focusRow(listRef.current, -1)],
  ]);

  // From the URL as it is when applied: the search box writes a moment after typing stops.
  const setFilters = (next: Partial<FilterState>) => setParams((prev) => writeFilters({ ...readFilters(prev), ...next }), { replace: true });

  const openView = filters.view === 'open';
  const pages = incidents.data?.pages;
  const items = useMemo(() => listOrder(pages ?? [], openView), [pages, openView]);
  // A changed list (filters, a live update) renders in a deferred, interruptible pass, so the
  // header, filters and keys stay responsive meanwhile; a long one grows a screenful per task.
  const deferred = useDeferredValue(items);
  const shown = deferred.slice(0, useGrowingCount(deferred.length, FIRST_ROWS, MORE_ROWS));
  const paged = usePagedLines(deferred);
  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, isPlaceholderData, fetchNextPage } = incidents;
  const autoLoad = openView && hasNextPage && !isPlaceholderData && !isFetchingNextPage && !isFetchNextPageError && (pages?.length ?? 0) < OPEN_AUTOLOAD_PAGES;
  useEffect(() => {
    if (autoLoad) void fetchNextPage();
  }, [autoLoad, fetchNextPage]);
  // The list (or its empty state, or an error) is up: the header's extras and the live feed may come.
  useEffect(() => {
    if (!incidents.isPending) markFirstScreen();
  }, [incidents.isPending]);
  const openCount = openView && !narrowed ? `${items.length}${hasNextPage ? '+' : ''}` : null;
  useDocumentTitle(openCount && openCount !== '0' ? `(${openCount}) Incidents · Tocsin` : 'Incidents · Tocsin');

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="nowrap">
        <div>
          <Title order={1} size="h2">
            Incidents
          </Title>
          {openCount !== null && (
            <Text c="dimmed" size="sm" data-testid="open-count">
              {openCount === '0' ? 'Nothing open' : `${openCount} open`}
            </Text>
          )}
        </div>
        {declares && (
          <Button component={Link} to="/incidents/new" color="red" leftSection={<IconFlame size={18} />} rightSection={<Kbd size="xs" visibleFrom="sm">n</Kbd>}>
            Declare incident
          </Button>
        )}
      </Group>
      <IncidentFilterBar value={filters} onChange={setFilters} searchRef={searchRef} />
      <ErrorAlert error={incidents.error} title="Could not load incidents" />
      {incidents.isPending ? (
        <Center py="xl">
          <Loader />
        </Center>
      ) : items.length === 0 ? (
        <EmptyList view={filters.view} filtered={narrowed} declares={declares} />
      ) : (
        <Stack ref={listRef} gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Incident list" data-testid="incident-list" onClick={openLink}>
          {shown.map((i, n) => (
            <li key={i.id} className={n >= FIRST_SCREEN_ROWS ? classes.later : undefined}>
              <IncidentRow incident={i} now={now} paged={paged.get(i.id)} />
            </li>
          ))}
        </Stack>
      )}
      {items.length > 0 && (
        <Text c="dimmed" size="xs" visibleFrom="sm" data-testid="list-keys">
          <Kbd size="xs">j</Kbd> <Kbd size="xs">k</Kbd> move between incidents, <Kbd size="xs">Enter</Kbd> opens one
        </Text>
      )}
      {hasNextPage && !isPlaceholderData && (
        <Stack align="center" gap={4}>
          <Button variant="default" onClick={() => void fetchNextPage()} loading={isFetchingNextPage} data-testid="load-older">
            Load older incidents
          </Button>
          <Text c="dimmed" size="xs">
            Showing the {items.length} most recent
          </Text>
        </Stack>
      )}
    </Stack>
  );
}

/** Who is paged on each open incident listed, by incident id (empty until it has loaded). */
function usePagedLines(items: readonly Incident[]): Map<string, PagedLine | null> {
  const ids = useMemo(() => items.filter((i) => isOpen(i.status)).slice(0, PAGED_ROWS).map((i) => i.id), [items]);
  const paging = usePagingOf(ids);
  return useMemo(() => {
    const byId = new Map(items.map((i) => [i.id, i]));
    return new Map((paging.data?.items ?? []).map((p) => [p.incident_id, whoIsPaged(p, byId.get(p.incident_id) ?? { status: '', severity: '' })]));
  }, [paging.data, items]);
}

function EmptyList({ view, filtered, declares }: { view: StatusView; filtered: boolean; declares: boolean }) {
  const calm = view === 'open' && !filtered;
  return (
    <Stack align="center" gap="xs" py="xl" data-testid="empty-list">
      <ThemeIcon size={48} radius="xl" variant="light" color={calm ? 'green' : 'gray'}>
        <IconMoodCheck size={28} />
      </ThemeIcon>
      <Text fw={600}>{calm ? 'Nothing is on fire' : 'No incidents match'}</Text>
      <Text c="dimmed" size="sm">
        {calm ? (declares ? 'Press n to declare an incident.' : 'Responders are paged when something breaks.') : 'Try another status, severity, service, time range or search.'}
      </Text>
    </Stack>
  );
}
