import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ApiRequestBody, type ApiResponse, get, post, setCsrfToken } from '../../app/api';
import { sessionKey } from '../session/api';
import type { Session } from '../session/types';
import { usersKey } from './api';

export type InviteInput = ApiRequestBody<'/api/v1/users/invitations', 'post'>;
export type Invitation = ApiResponse<'/api/v1/users/invitations', 'post'>;
type InvitationView = ApiResponse<'/api/v1/invitations/{token}', 'get'>;

/** Admins invite a person; the answer holds the one-time link, shown once. */
export function useInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: InviteInput) => post<Invitation>('/users/invitations', v),
    onSuccess: () => qc.invalidateQueries({ queryKey: usersKey }),
  });
}

type PendingInvitations = ApiResponse<'/api/v1/users/invitations', 'get'>;
export type PendingInvitation = PendingInvitations['items'][number];

/** Invitations not used yet (admins): who has not set a password, and whether the link expired. */
export function usePendingInvitations(enabled: boolean) {
  return useQuery({
    queryKey: [...usersKey, 'invitations'],
    queryFn: () => get<PendingInvitations>('/users/invitations'),
    enabled,
    select: (d) => new Map(d.items.map((i) => [i.user_id, i])),
  });
}

/** Who an invitation link is for (public: the person is not signed in yet). */
export function useInvitation(token: string) {
  return useQuery({
    queryKey: ['invitation', token],
    queryFn: () => get<InvitationView>(`/invitations/${encodeURIComponent(token)}`),
    retry: false,
    staleTime: Infinity,
  });
}

/** Sets the password with the link and starts the session, like signing in. */
export function useAcceptInvitation(token: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => post<Session>(`/invitations/${encodeURIComponent(token)}/accept`, { password }),
    onSuccess: (s) => {
      setCsrfToken(s.csrf_token);
      qc.setQueryData(sessionKey, s);
    },
  });
}
