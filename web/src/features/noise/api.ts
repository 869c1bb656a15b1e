import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ApiRequestBody, type ApiResponse, del, get, post } from '../../app/api';

export type NoiseReport = ApiResponse<'/api/v1/reports/noise', 'get'>;
export type NoiseRow = NoiseReport['items'][number];
export type SuppressionRule = ApiResponse<'/api/v1/suppression-rules', 'get'>['items'][number];

export function useNoiseReport(days: number) {
  return useQuery({
    queryKey: ['noise-report', days],
    queryFn: () => get<NoiseReport>(`/reports/noise?from=${encodeURIComponent(new Date(Date.now() - days * 86_400_000).toISOString())}`),
  });
}

export function useSuppressionRules() {
  return useQuery({ queryKey: ['suppression-rules'], queryFn: () => get<{ items: SuppressionRule[] }>('/suppression-rules'), select: (r) => r.items });
}

export type NewRule = ApiRequestBody<'/api/v1/suppression-rules', 'post'>;

export function useCreateRule() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (v: NewRule) => post<SuppressionRule>('/suppression-rules', v), onSuccess: () => qc.invalidateQueries({ queryKey: ['suppression-rules'] }) });
}

export function useDeleteRule() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: string) => del(`/suppression-rules/${encodeURIComponent(id)}`), onSuccess: () => qc.invalidateQueries({ queryKey: ['suppression-rules'] }) });
}
