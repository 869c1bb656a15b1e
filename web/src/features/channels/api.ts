import { useMutation, useQuery } from '@tanstack/react-query';
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
