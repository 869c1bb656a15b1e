import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, type ApiRequestBody, type ApiResponse, get, post, setCsrfToken } from '../../app/api';
import type { Session } from './types';

export const sessionKey = ['session'] as const;

/** The signed-in user, or null when nobody is (a 401 is an answer here, not an error). */
export const sessionQuery = () =>
  queryOptions({
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

export function useSession() {
  return useQuery(sessionQuery());
}

function useStoreSession() {
  const qc = useQueryClient();
  return (s: Session) => {
    setCsrfToken(s.csrf_token);
    qc.setQueryData(sessionKey, s);
  };
}

export type SignInInput = ApiRequestBody<'/api/v1/auth/sign-in', 'post'>;

export function useSignIn() {
  const store = useStoreSession();
  return useMutation({
    mutationFn: (body: SignInInput) => post<Session>('/auth/sign-in', body),
    onSuccess: store,
  });
}

export type SetupInput = ApiRequestBody<'/api/v1/setup', 'post'>;

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
    queryFn: () => get<ApiResponse<'/api/v1/setup', 'get'>>('/setup'),
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
