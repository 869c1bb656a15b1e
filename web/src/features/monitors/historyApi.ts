import { useQuery } from '@tanstack/react-query';
import { get, query } from '../../app/api';
import { getOptional, monitorsKey } from './api';
import type { Alert, CheckResult, History, MonitorEvent, Range, Uptime, UptimeBars } from './types';

// A monitor's history: uptime, response times, events, alerts. Keys sit under
// [monitors, 'of', id] so a live event refreshes them and deleting the monitor drops them.

const of = (id: string) => [...monitorsKey, 'of', id] as const;
const path = (id: string, rest: string) => `/monitors/${encodeURIComponent(id)}/${rest}`;

export const RANGE_LABEL: Record<Range, string> = { '1h': '1 hour', '24h': '24 hours', '7d': '7 days', '30d': '30 days', '90d': '90 days' };

export function useUptime(id: string, range: Range) {
  return useQuery({ queryKey: [...of(id), 'uptime', range], queryFn: () => getOptional<Uptime>(path(id, `uptime${query({ range })}`)) });
}

/** Per-location response times: buckets of a minute up to a day, of an hour beyond. */
export const bucketFor = (range: Range): 'minute' | 'hour' => (range === '1h' || range === '24h' ? 'minute' : 'hour');

export type ResponseTimes = { kind: 'history'; history: History } | { kind: 'results'; results: CheckResult[] } | { kind: 'none' };

/** The history's buckets, or the raw results when no bucket is filled yet (a monitor minutes old). */
export function useResponseTimes(id: string, range: Range) {
  return useQuery({
    queryKey: [...of(id), 'response-times', range],
    queryFn: async (): Promise<ResponseTimes> => {
      const history = await getOptional<History>(path(id, `history${query({ bucket: bucketFor(range), range })}`));
      if (history && history.items.length > 0) return { kind: 'history', history };
      const results = await getOptional<{ items: CheckResult[] }>(path(id, `results${query({ range })}`));
      return results && results.items.length > 0 ? { kind: 'results', results: results.items } : { kind: 'none' };
    },
    placeholderData: (prev) => prev,
    refetchInterval: 60_000,
  });
}

export function useMonitorEvents(id: string) {
  return useQuery({ queryKey: [...of(id), 'events'], queryFn: async () => (await getOptional<{ items: MonitorEvent[] }>(path(id, 'events?range=30d')))?.items ?? null });
}

/** The alerts this monitor raised, newest first; each names the incident it opened or joined. */
export function useMonitorAlerts(id: string) {
  return useQuery({ queryKey: [...of(id), 'alerts'], queryFn: async () => (await get<{ items: Alert[] }>(`/alerts${query({ source_ref: id, limit: 20 })}`)).items });
}

/** 90 days of daily uptime for each of `ids` (the API takes 100 at a time). */
export function useUptimeBars(ids: string[]) {
  return useQuery({
    // Sorted: the same monitors in another order are the same bars.
    queryKey: [...monitorsKey, 'uptime-bars', [...ids].sort()],
    queryFn: async () => {
      const chunks: string[][] = [];
      for (let i = 0; i < ids.length; i += 100) chunks.push(ids.slice(i, i + 100));
      const pages = await Promise.all(chunks.map((c) => getOptional<UptimeBars>(`/monitors/uptime-bars${query({ ids: c.join(','), days: 90 })}`)));
      if (pages.some((p) => p === null)) return null;
      return new Map(pages.flatMap((p) => p!.items).map((i) => [i.id, i.days]));
    },
    enabled: ids.length > 0,
    placeholderData: (prev) => prev,
    staleTime: 60_000,
  });
}
