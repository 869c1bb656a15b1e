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

export const KEY_TYPES = [
  { value: 'alertmanager', label: 'Prometheus Alertmanager (webhook)' },
  { value: 'pagerduty', label: 'PagerDuty Events API v2' },
  { value: 'opsgenie', label: 'Opsgenie Alert API' },
  { value: 'webhook', label: 'Generic JSON webhook' },
] as const;

export const SEVERITIES = [
  { value: '', label: 'As the sender says (else error)' },
  { value: 'critical', label: 'critical (SEV-2)' },
  { value: 'error', label: 'error (SEV-3)' },
  { value: 'warning', label: 'warning (SEV-4)' },
  { value: 'info', label: 'info (no incident)' },
] as const;

/** How to point the sender at Tocsin with this key: what to paste where. */
export function setupLines(k: Pick<CreatedKey, 'type' | 'key' | 'endpoint'>): string {
  switch (k.type) {
    case 'pagerduty':
      return `# Alertmanager pagerduty_configs, or any Events API v2 client\nurl: ${k.endpoint}\nrouting_key: ${k.key}`;
    case 'opsgenie':
      return `# Alertmanager opsgenie_configs, or any Opsgenie API client\napi_url: ${k.endpoint}\napi_key: ${k.key}   # sent as Authorization: GenieKey <key>`;
    case 'alertmanager':
      return `# Alertmanager receiver\nwebhook_configs:\n  - url: ${k.endpoint}\n    send_resolved: true`;
    default:
      return `POST ${k.endpoint}\nContent-Type: application/json`;
  }
}
