import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { forIds, get, patch, post, type ApiRequestBody, type ApiResponse } from '../../app/api';
import { incidentsKey } from '../incidents/api';
import { refetchEvery } from './presentation';

// The paging API's shapes (generated from the OpenAPI document), its queries and its actions.

export type IncidentPaging = ApiResponse<'/api/v1/incidents/{id}/pages', 'get'>;
export type PagingOf = ApiResponse<'/api/v1/pages', 'get'>;
export type Escalation = IncidentPaging['escalations'][number];
export type Page = IncidentPaging['pages'][number];
export type Notification = Page['notifications'][number];
export type Delivery = Notification['delivery'];
export type ManualPageInput = ApiRequestBody<'/api/v1/incidents/{id}/page', 'post'>;
export type ManualTarget = ManualPageInput['targets'][number];
export type ManualPageAnswer = ApiResponse<'/api/v1/incidents/{id}/page', 'post'>;
export type PagingSettings = ApiResponse<'/api/v1/services/{id}/paging', 'get'>;
export type PagingSettingsInput = ApiRequestBody<'/api/v1/services/{id}/paging', 'patch'>;
export type UrgencySetting = PagingSettings['urgencies']['SEV-1'];

/** Every paging query lives under this key: a live `incident` event refreshes them all. */
export const pagingKey = ['paging'] as const;
const incidentPath = (ref: string) => `/incidents/${encodeURIComponent(ref)}`;
const servicePath = (id: string) => `/services/${encodeURIComponent(id)}/paging`;

export const useIncidentPaging = (ref: string) =>
  useQuery({
    queryKey: [...pagingKey, 'incident', ref],
    queryFn: () => get<IncidentPaging>(`${incidentPath(ref)}/pages`),
    refetchInterval: (q) => (q.state.data ? refetchEvery(q.state.data.pages, q.state.data.escalations) : false),
  });

/**
 * The paging of several incidents at once (the incident list's open rows, 100 at most), by
 * incident id. The lines already shown stay while a changed set of incidents loads.
 */
export const usePagingOf = (incidentIds: readonly string[]) =>
  useQuery({
    ...forIds<PagingOf>([...pagingKey, 'list'], '/pages', 'incident_ids', incidentIds),
    refetchInterval: (q) => (q.state.data ? refetchEvery(q.state.data.items.flatMap((i) => i.pages), q.state.data.items.flatMap((i) => i.escalations)) : false),
  });

export const useMyPages = () =>
  useQuery({
    queryKey: [...pagingKey, 'mine'],
    queryFn: () => get<ApiResponse<'/api/v1/users/{id}/pages', 'get'>>('/users/me/pages'),
    refetchInterval: (q) => (q.state.data ? refetchEvery(q.state.data.items) : false),
  });

export const useServicePaging = (serviceId: string) => useQuery({ queryKey: [...pagingKey, 'service', serviceId], queryFn: () => get<PagingSettings>(servicePath(serviceId)) });

/** An action on an incident's paging: afterwards the paging views and the incident (timeline) refresh. */
function usePagingAction<V, T>(fn: (v: V) => Promise<T>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: pagingKey }), qc.invalidateQueries({ queryKey: incidentsKey })]),
  });
}

export const usePageSomeone = (incidentId: string) => usePagingAction((v: ManualPageInput) => post<ManualPageAnswer>(`${incidentPath(incidentId)}/page`, v));
export const useEscalateNow = (incidentId: string) => usePagingAction(() => post<{ fired: number }>(`${incidentPath(incidentId)}/escalate`));
export const useSnooze = (incidentId: string) => usePagingAction((minutes: number) => post<{ until: string }>(`${incidentPath(incidentId)}/snooze`, { minutes }));
export const useAcknowledgePages = (incidentId: string) => usePagingAction(() => post<{ acknowledged: boolean }>(`${incidentPath(incidentId)}/pages/acknowledge`));

export function useSetServicePaging(serviceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: PagingSettingsInput) => patch<PagingSettings>(servicePath(serviceId), v),
    onSuccess: (saved) => qc.setQueryData([...pagingKey, 'service', serviceId], saved),
  });
}
