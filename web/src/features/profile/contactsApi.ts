import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ApiRequestBody, type ApiResponse, del, forIds, get, patch, post } from '../../app/api';

// How you are reached: your contact methods, notification rules, test page and readiness.

export type ContactMethod = ApiResponse<'/api/v1/users/me/contact-methods', 'post'>;
export type NewContactMethod = ApiRequestBody<'/api/v1/users/me/contact-methods', 'post'>;
export type NotificationRule = ApiResponse<'/api/v1/users/me/notification-rules', 'post'>;
export type NewRule = ApiRequestBody<'/api/v1/users/me/notification-rules', 'post'>;
export type Readiness = ApiResponse<'/api/v1/users/{id}/readiness', 'get'>;
export type GroupReadiness = ApiResponse<'/api/v1/escalation-policies/{id}/readiness', 'get'>;
/** 202 Accepted: the messages are in the outbox. */
export interface TestPageAnswer {
  messages: { id: string; contact_method_id: string; channel: string }[];
  /** Verified methods on a channel the server no longer sends on. */
  not_sent: { contact_method_id: string; channel: string; reason: string }[];
}

export const contactsKey = ['contacts'] as const;
const M = '/users/me/contact-methods';
const R = '/users/me/notification-rules';

export const useContactMethods = () => useQuery({ queryKey: [...contactsKey, 'methods'], queryFn: async () => (await get<{ items: ContactMethod[] }>(M)).items });
export const useRules = () => useQuery({ queryKey: [...contactsKey, 'rules'], queryFn: async () => (await get<{ items: NotificationRule[] }>(R)).items });
export type ContactChannels = ApiResponse<'/api/v1/contact-channels', 'get'>;
/** The channels this server can send on; the others cannot take a contact method. */
export const useContactChannels = () => useQuery({ queryKey: [...contactsKey, 'channels'], queryFn: () => get<ContactChannels>('/contact-channels'), staleTime: 60_000 });
export const useMyReadiness = () => useQuery({ queryKey: [...contactsKey, 'readiness'], queryFn: () => get<Readiness>('/users/me/readiness') });
export type PeopleReadiness = ApiResponse<'/api/v1/readiness', 'get'>;
/** Readiness of several people (the People list's rows, 100 at most), by user id; the last answer stays while new ids load. */
export const usePeopleReadiness = (userIds: readonly string[]) =>
  useQuery({
    ...forIds<PeopleReadiness>([...contactsKey, 'people'], '/readiness', 'user_ids', userIds),
    select: (r) => new Map(r.items.map((i) => [i.user_id, i])),
  });
export const usePolicyReadiness = (id: string) =>
  useQuery({ queryKey: [...contactsKey, 'policy', id], queryFn: () => get<GroupReadiness>(`/escalation-policies/${encodeURIComponent(id)}/readiness`), refetchInterval: 60_000 });

export const useTeamReadiness = (id: string) =>
  useQuery({ queryKey: [...contactsKey, 'team', id], queryFn: () => get<GroupReadiness>(`/teams/${encodeURIComponent(id)}/readiness`), refetchInterval: 60_000 });

/** Every change here can change readiness too: refresh the whole contacts cache. */
function useContactsMutation<V, T>(fn: (v: V) => Promise<T>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => qc.invalidateQueries({ queryKey: contactsKey }) });
}

const one = (id: string) => `${M}/${encodeURIComponent(id)}`;
export const useAddMethod = () => useContactsMutation((v: NewContactMethod) => post<ContactMethod>(M, v));
export const useVerifyMethod = () => useContactsMutation((v: { id: string; code: string }) => post<ContactMethod>(`${one(v.id)}/verify`, { code: v.code }));
export const useResendCode = () => useContactsMutation((id: string) => post<ContactMethod>(`${one(id)}/resend-code`));
export const useRelabelMethod = () => useContactsMutation((v: { id: string; label: string }) => patch<ContactMethod>(one(v.id), { label: v.label }));
export const useRemoveMethod = () => useContactsMutation((id: string) => del(one(id)));
export const useAddRule = () => useContactsMutation((v: NewRule) => post<NotificationRule>(R, v));
export const useRemoveRule = () => useContactsMutation((id: string) => del(`${R}/${encodeURIComponent(id)}`));
export const useTestPage = () => useContactsMutation((v: { contact_method_id?: string }) => post<TestPageAnswer>('/users/me/test-page', v));

export const CHANNEL_LABEL: Record<ContactMethod['channel'], string> = { email: 'Email', sms: 'SMS', voice: 'Voice call', push: 'Push', chat: 'Chat' };
export const methodName = (m: Pick<ContactMethod, 'channel' | 'label' | 'address'>) => `${CHANNEL_LABEL[m.channel]} · ${m.label || m.address}`;
