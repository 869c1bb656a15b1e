import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ApiQuery, type ApiRequestBody, type ApiResponse, del, get, patch, post, query } from '../../app/api';
import { sessionKey } from '../session/api';
import type { User } from '../session/types';

type UserPage = ApiResponse<'/api/v1/users', 'get'>;
type UserQuery = ApiQuery<'/api/v1/users', 'get'>;

export const usersKey = ['users'] as const;

/** Active people, for pickers. */
export function useUsers() {
  return useQuery({
    queryKey: usersKey,
    queryFn: () => get<UserPage>('/users?limit=200'),
    select: (page) => page.items.filter((u) => !u.deactivated_at),
    staleTime: 60_000,
  });
}

/** Everyone, deactivated people too (history and sets may still name them). */
export function useUserDirectory() {
  return useQuery({
    queryKey: usersKey,
    queryFn: () => get<UserPage>('/users?limit=200'),
    select: (page) => page.items,
    staleTime: 60_000,
  });
}

/** Everyone whose name contains `q` (deactivated people too), by name. */
export function usePeople(q: string) {
  return useQuery({
    queryKey: [...usersKey, 'list', q],
    queryFn: () => {
      const params: UserQuery = { q: q.trim(), limit: 200 };
      return get<UserPage>(`/users${query(params)}`);
    },
    placeholderData: (prev) => prev,
  });
}

export type NewUserInput = ApiRequestBody<'/api/v1/users', 'post'>;
export type UserPatch = ApiRequestBody<'/api/v1/users/{id}', 'patch'>;

function useUsersChange<V, T = unknown>(fn: (v: V) => Promise<T>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: usersKey });
      // Your own name or time zone shows in the header; refresh the session too.
      void qc.invalidateQueries({ queryKey: sessionKey });
    },
  });
}

export const useCreateUser = () => useUsersChange((v: NewUserInput) => post<User>('/users', v));
export const useUpdateUser = () => useUsersChange((v: { id: string; patch: UserPatch }) => patch<User>(`/users/${v.id}`, v.patch));
export const useDeactivateUser = () => useUsersChange((id: string) => del(`/users/${id}`));
export const useReactivateUser = () => useUsersChange((id: string) => post<User>(`/users/${id}/reactivate`, {}));
