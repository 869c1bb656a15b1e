import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, del, get, patch, post, query } from '../../app/api';
import type { Monitor, MonitorCounts, MonitorInput, MonitorLocation, MonitorPage, MonitorPatch, SchedulerHealth, ShownState } from './types';

/** Every monitor query lives under this key, so a live `monitor` or `alert` event refreshes them all. */
export const monitorsKey = ['monitors'] as const;
export const PAGE_SIZE = 50;

/**
 * GET that answers null on a 404: the history endpoints arrive after the monitors themselves,
 * and a server without them (or a monitor without history) is "no history yet", not an error.
 */
export async function getOptional<T>(path: string): Promise<T | null> {
  try {
    return await get<T>(path);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

export interface MonitorFilters {
  q: string;
  state: ShownState | null;
}

export function useMonitors(f: MonitorFilters) {
  return useInfiniteQuery({
    queryKey: [...monitorsKey, 'list', f],
    queryFn: ({ pageParam }) => get<MonitorPage>(`/monitors${query({ q: f.q.trim(), state: f.state, limit: PAGE_SIZE, cursor: pageParam })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    placeholderData: (prev) => prev,
    // Live events say when a state changes; latencies and last checks move without one.
    refetchInterval: 30_000,
  });
}

/** A service's monitors (at most 200: a service watched by more is read on the Monitors page). */
export const useServiceMonitors = (serviceId: string) =>
  useQuery({ queryKey: [...monitorsKey, 'service', serviceId], queryFn: () => get<MonitorPage>(`/monitors${query({ service_id: serviceId, limit: 200 })}`), refetchInterval: 30_000 });

export const useMonitorCounts = () => useQuery({ queryKey: [...monitorsKey, 'counts'], queryFn: () => get<MonitorCounts>('/monitors/counts') });

export function useMonitor(id: string) {
  return useQuery({ queryKey: [...monitorsKey, 'detail', id], queryFn: () => get<Monitor>(`/monitors/${encodeURIComponent(id)}`), refetchInterval: 15_000 });
}

/** Is the scheduler keeping up? Asked every half minute; null when the server cannot say. */
export function useSchedulerHealth() {
  return useQuery({ queryKey: [...monitorsKey, 'scheduler'], queryFn: () => getOptional<SchedulerHealth>('/monitors/scheduler'), refetchInterval: 30_000 });
}

/** The places checks run from; empty when the server does not list them. */
export function useMonitorLocations() {
  return useQuery({
    queryKey: [...monitorsKey, 'locations'],
    queryFn: async () => (await getOptional<{ items: MonitorLocation[] }>('/monitor-locations'))?.items ?? [],
    staleTime: 60_000,
  });
}

function useMonitorsChange<V, T>(fn: (v: V) => Promise<T>) {
  const qc = useQueryClient();
  // Not awaited: the saved monitor is enough to go on; the page's many queries refresh behind.
  return useMutation({ mutationFn: fn, onSuccess: () => void qc.invalidateQueries({ queryKey: monitorsKey }) });
}

export const useCreateMonitor = () => useMonitorsChange((v: MonitorInput) => post<Monitor>('/monitors', v));
export const useUpdateMonitor = () => useMonitorsChange((v: { id: string; input: MonitorPatch }) => patch<Monitor>(`/monitors/${encodeURIComponent(v.id)}`, v.input));
export const useSetPaused = () =>
  useMonitorsChange((v: { id: string; paused: boolean }) => post<Monitor>(`/monitors/${encodeURIComponent(v.id)}/${v.paused ? 'pause' : 'resume'}`));

export function useDeleteMonitor() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => del(`/monitors/${encodeURIComponent(id)}`),
    onSuccess: (_done, id) => {
      // Gone: drop its queries rather than refetch them into 404s.
      qc.removeQueries({ queryKey: [...monitorsKey, 'detail', id] });
      qc.removeQueries({ queryKey: [...monitorsKey, 'of', id] });
      void qc.invalidateQueries({ queryKey: monitorsKey });
    },
  });
}
