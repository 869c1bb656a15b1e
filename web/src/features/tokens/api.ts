import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ApiRequestBody, type ApiResponse, del, get, post } from '../../app/api';

type TokenPage = ApiResponse<'/api/v1/tokens', 'get'>;
export type ApiToken = TokenPage['items'][number];
/** Only the answer to a create carries the secret. */
export type CreatedToken = ApiResponse<'/api/v1/tokens', 'post'>;
type NewTokenInput = ApiRequestBody<'/api/v1/tokens', 'post'>;

const tokensKey = ['tokens'] as const;

export function useTokens() {
  return useQuery({ queryKey: tokensKey, queryFn: () => get<TokenPage>('/tokens'), select: (p) => p.items });
}

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: NewTokenInput) => post<CreatedToken>('/tokens', v),
    onSuccess: () => qc.invalidateQueries({ queryKey: tokensKey }),
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => del(`/tokens/${id}`),
    onSettled: () => qc.invalidateQueries({ queryKey: tokensKey }),
  });
}
