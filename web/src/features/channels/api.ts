import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ApiResponse, get, post } from '../../app/api';

export type ChannelsSetup = ApiResponse<'/api/v1/channels', 'get'>;
export type ChannelSetup = ChannelsSetup['items'][number];

export function useChannelsSetup() {
  return useQuery({ queryKey: ['channels-setup'], queryFn: () => get<ChannelsSetup>('/channels') });
}

export type ProviderTest = ApiResponse<'/api/v1/channels/tests/{id}', 'get'>;

const settled = (t: ProviderTest | undefined) => t !== undefined && t.status !== 'pending' && t.status !== 'sending';

export function useSendProviderTest(channel: string) {
  return useMutation({ mutationFn: (v: { provider: string; to: string }) => post<ProviderTest>(`/channels/${channel}/tests`, v) });
}

/** A test's progress: asked again each second until the provider has answered. */
export function useProviderTest(id: string | null) {
  return useQuery({
    queryKey: ['provider-test', id],
    queryFn: () => get<ProviderTest>(`/channels/tests/${encodeURIComponent(id!)}`),
    enabled: id !== null,
    refetchInterval: (q) => (settled(q.state.data) ? false : 1_000),
  });
}

export type WatchdogState = ApiResponse<'/api/v1/watchdog', 'get'>;
export type WatchdogCheck = ApiResponse<'/api/v1/watchdog/checks', 'post'>;

export function useWatchdog() {
  return useQuery({ queryKey: ['watchdog'], queryFn: () => get<WatchdogState>('/watchdog'), refetchInterval: 30_000 });
}

/** A check now; the state is read again after it, so "last check" shows it too. */
export function useCheckWatchdog() {
  const client = useQueryClient();
  return useMutation({ mutationFn: () => post<WatchdogCheck>('/watchdog/checks', {}), onSettled: () => Promise.all([client.invalidateQueries({ queryKey: ['watchdog'] }), client.invalidateQueries({ queryKey: ['watchdog-health'] })]) });
}
