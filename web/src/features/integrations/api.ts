import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ApiRequestBody, type ApiResponse, api, del, get, post } from '../../app/api';

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

export type SeverityMap = ApiResponse<'/api/v1/services/{id}/severity-map', 'get'>;
export type AlertSettings = ApiResponse<'/api/v1/services/{id}/alert-settings', 'get'>;

/** A service's setting read by everyone and replaced by admins with PUT: its query and its save. */
function serviceSetting<T>(name: 'severity-map' | 'alert-settings') {
  const key = (serviceId: string) => [name, serviceId] as const;
  const url = (serviceId: string) => `/services/${encodeURIComponent(serviceId)}/${name}`;
  return {
    useRead: (serviceId: string) => useQuery({ queryKey: key(serviceId), queryFn: () => get<T>(url(serviceId)) }),
    useSave: (serviceId: string) => {
      const qc = useQueryClient();
      return useMutation({ mutationFn: (v: Partial<T>) => api<T>('PUT', url(serviceId), v), onSuccess: (v) => qc.setQueryData(key(serviceId), v) });
    },
  };
}

const severityMap = serviceSetting<SeverityMap>('severity-map');
const alertSettings = serviceSetting<AlertSettings>('alert-settings');
export const useSeverityMap = severityMap.useRead;
export const useSetSeverityMap = severityMap.useSave;
export const useAlertSettings = alertSettings.useRead;
export const useSetAlertSettings = alertSettings.useSave;
