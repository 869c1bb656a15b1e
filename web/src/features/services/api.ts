import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ApiRequestBody, type ApiResponse, del, get, patch, post } from '../../app/api';

export type Service = ApiResponse<'/api/v1/services/{id}', 'get'>;
type ServicePage = ApiResponse<'/api/v1/services', 'get'>;
/** What the service form sends to create one: every field, always. */
export type ServiceInput = Required<ApiRequestBody<'/api/v1/services', 'post'>>;
type ServicePatch = ApiRequestBody<'/api/v1/services/{id}', 'patch'>;

export const servicesKey = ['services'] as const;

export function useServices() {
  return useQuery({
    queryKey: servicesKey,
    queryFn: () => get<ServicePage>('/services?limit=200'),
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
export const useUpdateService = () => useServicesChange((v: { id: string; input: ServicePatch }) => patch<Service>(`/services/${v.id}`, v.input));
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
