import { infiniteQueryOptions, type QueryClient, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, patch, post, query } from '../../app/api';
import { type IncidentFilters, incidentQuery, isOpenOnly } from './listFilters';
import { readOnward } from './timelineReads';
import type { LifecycleAction } from './lifecycle';
import type {
  DeclareInput,
  Incident,
  IncidentPage,
  IncidentPatch,
  NoteInput,
  RoleInput,
  SeverityInput,
  Timeline,
  TimelineEvent,
  TransitionInput,
} from './types';

/** Every incident query lives under this key, so one live event can refresh them all. */
export const incidentsKey = ['incidents'] as const;
/** Incidents per page; older pages load on request ("Load older incidents"). */
export const PAGE_SIZE = 50;
/**
 * The open view's page: the API's most. Open incidents are few and the browser sorts all of them
 * by urgency, so they come in one answer, not in pages whose arrival re-sorts the rows on screen.
 */
export const OPEN_PAGE_SIZE = 200;

const pageSizeOf = (f: IncidentFilters): number => (isOpenOnly(f.status) ? OPEN_PAGE_SIZE : PAGE_SIZE);

/**
 * The list, newest first, a page at a time through the API's cursor. A live event invalidates
 * it like every incident query, and TanStack then refetches every page loaded so far, in order,
 * each with the cursor of the freshly fetched page before it (no gaps, no duplicates).
 */
/** The API path of one page of the list (a preset's window measured now). */
export const incidentListPath = (f: IncidentFilters, cursor: string | null): string =>
  `/incidents${query(incidentQuery(f, Date.now(), pageSizeOf(f), cursor))}`;

export const incidentListQuery = (f: IncidentFilters) =>
  infiniteQueryOptions({
    queryKey: [...incidentsKey, 'list', f],
    queryFn: ({ pageParam }) => get<IncidentPage>(incidentListPath(f, pageParam)),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });

export function useIncidents(f: IncidentFilters) {
  return useInfiniteQuery({ ...incidentListQuery(f), placeholderData: (prev) => prev });
}

export function useIncident(ref: string) {
  return useQuery({
    queryKey: [...incidentsKey, 'detail', ref],
    queryFn: () => get<Incident>(`/incidents/${encodeURIComponent(ref)}`),
  });
}

/**
 * The whole timeline, oldest first. The first read takes it a page at a time; every refresh after
 * (each live change) reads only the events after the last one held: the timeline is append-only,
 * and a storm's incident holds thousands of them.
 */
export function useTimeline(id: string | undefined) {
  const qc = useQueryClient();
  const queryKey = [...incidentsKey, 'timeline', id];
  return useQuery({
    queryKey,
    queryFn: async (): Promise<readonly TimelineEvent[]> =>
      readOnward(qc.getQueryData<readonly TimelineEvent[]>(queryKey) ?? [], (after) => get<Timeline>(`/incidents/${id}/timeline?after=${after}`)),
    enabled: !!id,
  });
}

/** Whether an answer is an incident (lifecycle steps, severity, roles, edits), not a note. */
const isIncident = (answer: unknown): answer is Incident =>
  typeof answer === 'object' && answer !== null && 'allowed_actions' in answer && 'status' in answer;

/**
 * A change to one incident. An answer that is the incident shows at once wherever that incident
 * is open (its status, and what the caller may do next); then every incident view refreshes
 * (list, detail, timeline) in the background. The change is done when the server answers, not
 * when every view has refetched: a responder who sees "Acknowledged" and presses `m` at once is
 * not ignored because the lists are still loading (on a slow machine that took seconds).
 */
export function incidentChange<V, T = unknown>(qc: QueryClient, fn: (v: V) => Promise<T>) {
  return {
    mutationFn: fn,
    onSuccess: (answer: T) => {
      if (isIncident(answer)) qc.setQueriesData<Incident>({ queryKey: [...incidentsKey, 'detail'] }, (held) => (held?.id === answer.id ? answer : held));
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: incidentsKey });
    },
  };
}

function useIncidentChange<V, T = unknown>(fn: (v: V) => Promise<T>) {
  return useMutation(incidentChange(useQueryClient(), fn));
}

export function useDeclare() {
  return useIncidentChange((input: DeclareInput) => post<Incident>('/incidents', input));
}

export function useLifecycle(id: string) {
  return useIncidentChange((v: { action: LifecycleAction; note?: string }) => {
    const body: TransitionInput = v.note ? { note: v.note } : {};
    return post<Incident>(`/incidents/${id}/${v.action}`, body);
  });
}

export function useChangeSeverity(id: string) {
  return useIncidentChange((v: SeverityInput) => post<Incident>(`/incidents/${id}/severity`, v));
}

export function useAssignRole(id: string) {
  return useIncidentChange((v: RoleInput) => post<Incident>(`/incidents/${id}/roles`, v));
}

export function useReleaseRole(id: string) {
  return useIncidentChange((v: RoleInput) => del<Incident>(`/incidents/${id}/roles/${v.role}/${v.user_id}`));
}

export function useAddNote(id: string) {
  return useIncidentChange((v: NoteInput) => post<TimelineEvent>(`/incidents/${id}/notes`, v));
}

export function useUpdateIncident(id: string) {
  return useIncidentChange((v: IncidentPatch) => patch<Incident>(`/incidents/${id}`, v));
}
