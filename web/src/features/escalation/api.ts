import { useQuery } from '@tanstack/react-query';
import { get, type ApiResponse } from '../../app/api';

// The escalation API's shapes (generated from the OpenAPI document) and queries.

export type Policy = ApiResponse<'/api/v1/escalation-policies/{id}', 'get'>;
export type PolicyPage = ApiResponse<'/api/v1/escalation-policies', 'get'>;
export type Reach = ApiResponse<'/api/v1/escalation-policies/{id}/on-call', 'get'>;

export const escalationKey = ['escalation'] as const;
const path = (id: string) => `/escalation-policies/${encodeURIComponent(id)}`;

export const usePolicies = () => useQuery({ queryKey: [...escalationKey, 'list'], queryFn: () => get<PolicyPage>('/escalation-policies?limit=200') });
export const usePolicy = (id: string) => useQuery({ queryKey: [...escalationKey, 'detail', id], queryFn: () => get<Policy>(path(id)) });
export const usePolicyReach = (id: string) => useQuery({ queryKey: [...escalationKey, 'reach', id], queryFn: () => get<Reach>(`${path(id)}/on-call`), refetchInterval: 60_000 });
export const useServiceReach = (serviceId: string) =>
  useQuery({ queryKey: [...escalationKey, 'service', serviceId], queryFn: () => get<Reach>(`/services/${encodeURIComponent(serviceId)}/on-call`), refetchInterval: 60_000 });
