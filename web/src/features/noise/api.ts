import { useQuery } from '@tanstack/react-query';
import { type ApiResponse, get } from '../../app/api';

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
