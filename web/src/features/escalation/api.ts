import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, patch, post, type ApiRequestBody, type ApiResponse } from '../../app/api';

// The escalation API's shapes (generated from the OpenAPI document) and queries.

export type Policy = ApiResponse<'/api/v1/escalation-policies/{id}', 'get'>;
export type PolicyPage = ApiResponse<'/api/v1/escalation-policies', 'get'>;
export type Reach = ApiResponse<'/api/v1/escalation-policies/{id}/on-call', 'get'>;
export type PolicyInput = ApiRequestBody<'/api/v1/escalation-policies', 'post'>;

export const escalationKey = ['escalation'] as const;
const path = (id: string) => `/escalation-policies/${encodeURIComponent(id)}`;

export const usePolicies = () => useQuery({ queryKey: [...escalationKey, 'list'], queryFn: () => get<PolicyPage>('/escalation-policies?limit=200') });
export const usePolicy = (id: string) => useQuery({ queryKey: [...escalationKey, 'detail', id], queryFn: () => get<Policy>(path(id)) });
export const usePolicyReach = (id: string) => useQuery({ queryKey: [...escalationKey, 'reach', id], queryFn: () => get<Reach>(`${path(id)}/on-call`), refetchInterval: 60_000 });
export const useServiceReach = (serviceId: string) =>
  useQuery({ queryKey: [...escalationKey, 'service', serviceId], queryFn: () => get<Reach>(`/services/${encodeURIComponent(serviceId)}/on-call`), refetchInterval: 60_000 });

/** A change to policies refreshes every escalation query (lists, reach, the services' tiers). */
function usePoliciesChange<V, T>(fn: (v: V) => Promise<T>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => void qc.invalidateQueries({ queryKey: escalationKey }) });
}

export const useCreatePolicy = () => usePoliciesChange((v: PolicyInput) => post<Policy>('/escalation-policies', v));
export const useUpdatePolicy = (id: string) => usePoliciesChange((v: PolicyInput) => patch<Policy>(path(id), v));
export const useDeletePolicy = (id: string) => usePoliciesChange(() => del(path(id)));
