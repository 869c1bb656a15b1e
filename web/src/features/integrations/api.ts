import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ApiRequestBody, type ApiResponse, del, get, post } from '../../app/api';

export type IntegrationKey = ApiResponse<'/api/v1/services/{id}/integration-keys', 'get'>['items'][number];
export type CreatedKey = ApiResponse<'/api/v1/services/{id}/integration-keys', 'post'>;
export type NewKey = ApiRequestBody<'/api/v1/services/{id}/integration-keys', 'post'>;

const keysKey = (serviceId: string) => ['integration-keys', serviceId] as const;
const path = (serviceId: string) => `/services/${encodeURIComponent(serviceId)}/integration-keys`;

export function useIntegrationKeys(serviceId: string) {
  return useQuery({ queryKey: keysKey(serviceId), queryFn: () => get<{ items: IntegrationKey[] }>(path(serviceId)), select: (r) => r.items });
}

export function useCreateKey(serviceId: string) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (v: NewKey) => post<CreatedKey>(path(serviceId), v), onSuccess: () => qc.invalidateQueries({ queryKey: keysKey(serviceId) }) });
}

export function useRevokeKey(serviceId: string) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (keyId: string) => del(`${path(serviceId)}/${encodeURIComponent(keyId)}`), onSuccess: () => qc.invalidateQueries({ queryKey: keysKey(serviceId) }) });
}
