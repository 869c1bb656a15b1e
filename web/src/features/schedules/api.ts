import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get, post, del, query } from '../../app/api';
import type { CoverRequest, CreatedSchedule, HolidayList, NewCoverRequest, NewOverride, NewSchedule, OnCallReport, Override, PayRates, PayRatesAnswer, Plan, Schedule, SchedulePage } from './types';

/** Every schedule query lives under this key: a change anywhere refreshes them all. */
export const schedulesKey = ['schedules'] as const;
const path = (id: string) => `/schedules/${encodeURIComponent(id)}`;

export const useSchedules = () =>
  useQuery({ queryKey: [...schedulesKey, 'list'], queryFn: () => get<SchedulePage>('/schedules?limit=200'), refetchInterval: 60_000 });

export const useSchedule = (id: string) => useQuery({ queryKey: [...schedulesKey, 'detail', id], queryFn: () => get<Schedule>(path(id)), refetchInterval: 60_000 });

export const usePlan = (id: string, from: number, to: number) =>
  useQuery({
    queryKey: [...schedulesKey, 'plan', id, from, to],
    queryFn: () => get<Plan>(`${path(id)}/shifts${query({ from: new Date(from).toISOString(), to: new Date(to).toISOString() })}`),
    placeholderData: (prev) => prev,
  });

export const useCoverRequests = (id: string) =>
  useQuery({ queryKey: [...schedulesKey, 'cover', id], queryFn: () => get<{ items: CoverRequest[] }>(`${path(id)}/cover-requests`) });

function useSchedulesChange<V, T>(fn: (v: V) => Promise<T>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => void qc.invalidateQueries({ queryKey: schedulesKey }) });
}

export const useCreateSchedule = () => useSchedulesChange((v: NewSchedule) => post<CreatedSchedule>('/schedules', v));
export const useCreateOverride = (id: string) => useSchedulesChange((v: NewOverride) => post<Override>(`${path(id)}/overrides`, v));
export const useDeleteOverride = (id: string) => useSchedulesChange((overrideId: string) => del(`${path(id)}/overrides/${encodeURIComponent(overrideId)}`));
export const useRequestCover = (id: string) => useSchedulesChange((v: NewCoverRequest) => post<CoverRequest>(`${path(id)}/cover-requests`, v));
export const useTakeCover = () => useSchedulesChange((requestId: string) => post<Override>(`/cover-requests/${encodeURIComponent(requestId)}/take`));
export const useFeedLink = (id: string) => useSchedulesChange((_: void) => post<{ url: string }>(`${path(id)}/feed-token`));
export const useMyFeedLink = () => useMutation({ mutationFn: () => post<{ url: string }>('/users/me/feed-token') });

/** Hours on call per person over [from, to) (the fairness chart). */
export const useOnCallReport = (from: number, to: number, enabled = true) =>
  useQuery({
    queryKey: [...schedulesKey, 'report', from, to],
    enabled,
    queryFn: () => get<OnCallReport>(`/reports/on-call${query({ from: new Date(from).toISOString(), to: new Date(to).toISOString() })}`),
  });

export const useHolidays = (id: string) => useQuery({ queryKey: [...schedulesKey, 'holidays', id], queryFn: () => get<HolidayList>(`${path(id)}/holidays`) });
export const usePayRates = (id: string) => useQuery({ queryKey: [...schedulesKey, 'pay-rates', id], queryFn: () => get<PayRatesAnswer>(`${path(id)}/pay-rates`) });
export const useImportHolidays = (id: string) => useSchedulesChange((ics: string) => api<HolidayList & { skipped: number }>('PUT', `${path(id)}/holidays`, { ics }));
export const useSetPayRates = (id: string) => useSchedulesChange((rates: PayRates | null) => (rates ? api<PayRatesAnswer>('PUT', `${path(id)}/pay-rates`, rates) : del<PayRatesAnswer>(`${path(id)}/pay-rates`)));
