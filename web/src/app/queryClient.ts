import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { sessionKey } from '../features/session/api';
import { ApiError } from './api';

/** One client for the app; a 401 anywhere means the session ended, so the shell shows sign-in. */
export function createQueryClient(): QueryClient {
  const signedOut = (err: unknown) => err instanceof ApiError && err.status === 401;
  const qc: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (err, q) => {
        if (signedOut(err) && q.queryKey[0] !== sessionKey[0]) qc.setQueryData(sessionKey, null);
      },
    }),
    mutationCache: new MutationCache({
      // A wrong password on the sign-in form is a 401 too, but there is no session to drop then.
      onError: (err) => {
        if (signedOut(err) && qc.getQueryData(sessionKey)) qc.setQueryData(sessionKey, null);
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: true,
        retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 3,
      },
      mutations: { retry: false },
    },
  });
  return qc;
}
