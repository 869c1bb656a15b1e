import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, post, query } from '../../app/api';
import { getOptional, monitorsKey } from './api';
import type { MaintenanceInput, MaintenanceWindow } from './types';

const key = (monitorId: string) => [...monitorsKey, 'of', monitorId, 'maintenance'] as const;

/** The monitor's maintenance windows; null when the server has none to offer (404). */
export function useMaintenanceWindows(monitorId: string) {
  return useQuery({
    queryKey: key(monitorId),
    queryFn: async () => (await getOptional<{ items: MaintenanceWindow[] }>(`/maintenance-windows${query({ monitor_id: monitorId })}`))?.items ?? null,
  });
}

export function useCreateMaintenance(monitorId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: MaintenanceInput) => post<MaintenanceWindow>('/maintenance-windows', v),
    onSuccess: () => void qc.invalidateQueries({ queryKey: [...monitorsKey, 'of', monitorId] }),
  });
}

export function useDeleteMaintenance(monitorId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => del(`/maintenance-windows/${encodeURIComponent(id)}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: [...monitorsKey, 'of', monitorId] }),
  });
}
