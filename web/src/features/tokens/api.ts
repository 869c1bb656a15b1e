import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, type Page, post } from '../../app/api';

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** Only the answer to a create carries the secret. */
export interface CreatedToken extends ApiToken {
  token: string;
}

const tokensKey = ['tokens'] as const;

export function useTokens() {
  return useQuery({ queryKey: tokensKey, queryFn: () => get<Page<ApiToken>>('/tokens'), select: (p) => p.items });
}

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { name: string; expires_at?: string }) => post<CreatedToken>('/tokens', v),
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
