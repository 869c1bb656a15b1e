import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, type Page, patch, post, query } from '../../app/api';
import type { IncidentPatch } from './incidentPatch';
import type { LifecycleAction } from './lifecycle';
import type { DeclareInput, Incident, IncidentFilters, IncidentRole, Severity, TimelineEvent } from './types';

/** Every incident query lives under this key, so one live event can refresh them all. */
export const incidentsKey = ['incidents'] as const;
const LIST_LIMIT = 200;

export function useIncidents(f: IncidentFilters) {
  return useQuery({
    queryKey: [...incidentsKey, 'list', f],
    queryFn: () =>
      get<Page<Incident>>(
        `/incidents${query({ status: f.status.join(','), severity: f.severity.join(','), q: f.q.trim(), limit: LIST_LIMIT })}`,
      ),
    placeholderData: (prev) => prev,
  });
}

export function useIncident(ref: string) {
  return useQuery({
    queryKey: [...incidentsKey, 'detail', ref],
    queryFn: () => get<Incident>(`/incidents/${encodeURIComponent(ref)}`),
  });
}

export function useTimeline(id: string | undefined) {
  return useQuery({
    queryKey: [...incidentsKey, 'timeline', id],
    queryFn: () => get<Page<TimelineEvent>>(`/incidents/${id}/timeline`),
    enabled: !!id,
  });
}

/** A change to one incident: afterwards refresh every incident view (list, detail, timeline). */
function useIncidentChange<V, T = unknown>(fn: (v: V) => Promise<T>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => qc.invalidateQueries({ queryKey: incidentsKey }),
  });
}

export function useDeclare() {
  return useIncidentChange((input: DeclareInput) => post<Incident>('/incidents', input));
}

export function useLifecycle(id: string) {
  return useIncidentChange((v: { action: LifecycleAction; note?: string }) =>
    post<Incident>(`/incidents/${id}/${v.action}`, v.note ? { note: v.note } : {}),
  );
}

export function useChangeSeverity(id: string) {
  return useIncidentChange((v: { severity: Severity; reason: string }) => post<Incident>(`/incidents/${id}/severity`, v));
}

export function useAssignRole(id: string) {
  return useIncidentChange((v: { role: IncidentRole; user_id: string }) => post<Incident>(`/incidents/${id}/roles`, v));
}

export function useReleaseRole(id: string) {
  return useIncidentChange((v: { role: IncidentRole; user_id: string }) => del(`/incidents/${id}/roles/${v.role}/${v.user_id}`));
}

export function useAddNote(id: string) {
  return useIncidentChange((v: { text: string }) => post(`/incidents/${id}/notes`, v));
}

export function useUpdateIncident(id: string) {
  return useIncidentChange((v: IncidentPatch) => patch<Incident>(`/incidents/${id}`, v));
}
