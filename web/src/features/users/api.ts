import { useQuery } from '@tanstack/react-query';
import { get, type Page } from '../../app/api';
import type { User } from '../session/types';

/** Active people, for role pickers. */
export function useUsers() {
  return useQuery({
    queryKey: ['users'],
    queryFn: () => get<Page<User>>('/users?limit=200'),
    select: (page) => page.items.filter((u) => !u.deactivated_at),
    staleTime: 60_000,
  });
}
