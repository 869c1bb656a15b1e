import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, get, post, setCsrfToken } from '../../app/api';
import type { Session } from './types';

export const sessionKey = ['session'] as const;

/** The signed-in user, or null when nobody is (a 401 is an answer here, not an error). */
export function useSession() {
  return useQuery({
    queryKey: sessionKey,
    queryFn: async (): Promise<Session | null> => {
      try {
        const me = await get<Session>('/me');
        setCsrfToken(me.csrf_token);
        return me;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 5 * 60_000,
    retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
  });
}

function useStoreSession() {
  const qc = useQueryClient();
  return (s: Session) => {
    setCsrfToken(s.csrf_token);
    qc.setQueryData(sessionKey, s);
  };
}

export function useSignIn() {
  const store = useStoreSession();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) => post<Session>('/auth/sign-in', body),
    onSuccess: store,
  });
}

export interface SetupInput {
  token: string;
  name: string;
  email: string;
  password: string;
  time_zone?: string;
}

export function useSetup() {
  const store = useStoreSession();
  return useMutation({
    mutationFn: (body: SetupInput) => post<Session>('/setup', body),
    onSuccess: store,
  });
}

export function useSetupNeeded() {
  return useQuery({
    queryKey: ['setup'],
    queryFn: () => get<{ needed: boolean }>('/setup'),
    retry: false,
    staleTime: Infinity,
  });
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => post<void>('/auth/sign-out'),
    onSettled: () => {
      setCsrfToken(null);
      qc.clear();
      qc.setQueryData(sessionKey, null);
    },
  });
}

/** The signed-in person (pages under RequireSession always have one; null while signing out). */
export function useMe() {
  return useSession().data?.user ?? null;
}
