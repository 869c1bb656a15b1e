import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, type Page, patch, post, query } from '../../app/api';
import { sessionKey } from '../session/api';
import type { Role, User } from '../session/types';

export const usersKey = ['users'] as const;

/** Active people, for pickers. */
export function useUsers() {
  return useQuery({
    queryKey: usersKey,
    queryFn: () => get<Page<User>>('/users?limit=200'),
    select: (page) => page.items.filter((u) => !u.deactivated_at),
    staleTime: 60_000,
  });
}

/** Everyone, deactivated people too (history and sets may still name them). */
export function useUserDirectory() {
  return useQuery({
    queryKey: usersKey,
    queryFn: () => get<Page<User>>('/users?limit=200'),
    select: (page) => page.items,
    staleTime: 60_000,
  });
}

/** Everyone whose name contains `q` (deactivated people too), by name. */
export function usePeople(q: string) {
  return useQuery({
    queryKey: [...usersKey, 'list', q],
    queryFn: () => get<Page<User>>(`/users${query({ q: q.trim(), limit: 200 })}`),
    placeholderData: (prev) => prev,
  });
}

export interface NewUserInput {
  email: string;
  name: string;
  role: Role;
  time_zone?: string;
  password?: string;
}

export interface UserPatch {
  name?: string;
  time_zone?: string;
  role?: Role;
  password?: string;
  current_password?: string;
}

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
