import { useQueries, useQuery } from '@tanstack/react-query';
import { useDebouncedValue } from '@mantine/hooks';
import { useRef, useState } from 'react';
import { get, query } from '../app/api';

// Pickers over the catalog (people, services, teams) search on the server as the person types:
// the catalog may hold far more than one page, so filtering a first page in the browser would
// silently miss the rest.

export type CatalogPath = '/users' | '/services' | '/teams' | '/schedules';
export interface Option {
  value: string;
  label: string;
}
interface Named {
  id: string;
  name: string;
  deactivated_at?: string | null;
}

/** How many matches a picker shows; typing more narrows them. */
export const PICKER_PAGE = 50;

const labelOf = (n: Named): string => (n.deactivated_at ? `${n.name} (deactivated)` : n.name);

/**
 * The first page of `path` whose name (people: or email) contains what was typed, fetched 250 ms
 * after typing stops; picked ids keep their labels (fetched one by one when not seen yet).
 * `single`: a single select shows its picked label as the search text, which means "everything".
 */
export function useCatalogSearch(path: CatalogPath, picked: string[], opts: { exclude?: string[]; known?: Option[]; single?: boolean } = {}) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const labels = useRef(new Map<string, string>()).current;
  const pickedLabel = opts.single && picked[0] ? labels.get(picked[0]) : undefined;
  const q = pickedLabel !== undefined && debounced === pickedLabel.trim() ? '' : debounced;
  const key = path.slice(1);
  const found = useQuery({
    queryKey: [key, 'search', q],
    queryFn: () => get<{ items: Named[]; next_cursor: string | null }>(`${path}${query({ q, limit: PICKER_PAGE })}`),
    placeholderData: (prev) => prev,
    staleTime: 30_000,
  });
  for (const k of opts.known ?? []) if (!labels.has(k.value)) labels.set(k.value, k.label);
  for (const item of found.data?.items ?? []) labels.set(item.id, labelOf(item));
  const missing = picked.filter((id) => !labels.has(id));
  const details = useQueries({
    queries: missing.map((id) => ({
      queryKey: [key, 'detail', id],
      queryFn: () => get<Named>(`${path}/${encodeURIComponent(id)}`),
      staleTime: 60_000,
      retry: false,
    })),
  });
  for (const d of details) if (d.data) labels.set(d.data.id, labelOf(d.data));
  // A picked id whose name is on its way shows nothing rather than the id for a moment; one the
  // catalog does not know (deleted) shows as its id.
  const loading = new Set(missing.filter((_, i) => details[i]?.isPending));
  const labelFor = (id: string) => labels.get(id) ?? (loading.has(id) ? '' : id);

  const exclude = new Set(opts.exclude ?? []);
  const matches = (found.data?.items ?? []).filter((i) => !exclude.has(i.id) && (!i.deactivated_at || picked.includes(i.id)));
  const matchIds = new Set(matches.map((i) => i.id));
  const data: Option[] = [
    ...matches.map((i) => ({ value: i.id, label: labelOf(i) })),
    ...picked.filter((id) => !matchIds.has(id)).map((id) => ({ value: id, label: labelFor(id) })),
  ];
  return {
    data,
    /** Mantine's `filter`: only the server's matches are offered (picked ones stay as pills). */
    filter: <T>({ options }: { options: T[] }) => options.filter((o) => typeof o === 'object' && o !== null && 'value' in o && matchIds.has(String(o.value))),
    search,
    setSearch,
    searching: found.isFetching || (search.trim() !== debounced && q !== ''),
    more: !!found.data?.next_cursor,
  };
}
