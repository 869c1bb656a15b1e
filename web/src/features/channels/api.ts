import { useQuery } from '@tanstack/react-query';
import { type ApiResponse, get } from '../../app/api';

export type ChannelsSetup = ApiResponse<'/api/v1/channels', 'get'>;
export type ChannelSetup = ChannelsSetup['items'][number];

export function useChannelsSetup() {
  return useQuery({ queryKey: ['channels-setup'], queryFn: () => get<ChannelsSetup>('/channels') });
}
