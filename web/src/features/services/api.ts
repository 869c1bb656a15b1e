import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, type Page, patch, post } from '../../app/api';

export interface Service {
  id: string;
  name: string;
  description: string;
  owner_team_id: string | null;
  runbook_url: string | null;
  expert_ids: string[];
  dependency_ids: string[];
  created_at: string;
  updated_at: string;
}

export interface ServiceInput {
  name: string;
  description: string;
  owner_team_id: string | null;
  runbook_url: string | null;
  expert_ids: string[];
  dependency_ids: string[];
}

export const servicesKey = ['services'] as const;

export function useServices() {
  return useQuery({
    queryKey: servicesKey,
    queryFn: () => get<Page<Service>>('/services?limit=200'),
    select: (page) => page.items,
    staleTime: 30_000,
  });
}

export function useService(id: string) {
  return useQuery({ queryKey: [...servicesKey, 'detail', id], queryFn: () => get<Service>(`/services/${encodeURIComponent(id)}`) });
}

function useServicesChange<V, T = unknown>(fn: (v: V) => Promise<T>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: servicesKey }) });
}

export const useCreateService = () => useServicesChange((v: ServiceInput) => post<Service>('/services', v));
export const useUpdateService = () => useServicesChange((v: { id: string; input: Partial<ServiceInput> }) => patch<Service>(`/services/${v.id}`, v.input));
export function useDeleteService() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => del(`/services/${id}`),
    onSuccess: (_done, id) => {
      // Gone: drop its page rather than refetch it into a 404.
      qc.removeQueries({ queryKey: [...servicesKey, 'detail', id] });
      void qc.invalidateQueries({ queryKey: servicesKey });
    },
  });
}
