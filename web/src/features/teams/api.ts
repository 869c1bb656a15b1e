import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, type Page, patch, post } from '../../app/api';

export interface Team {
  id: string;
  name: string;
  description: string;
  member_ids: string[];
  created_at: string;
  updated_at: string;
}

export interface TeamInput {
  name: string;
  description: string;
  member_ids: string[];
}

export const teamsKey = ['teams'] as const;

export function useTeams() {
  return useQuery({ queryKey: teamsKey, queryFn: () => get<Page<Team>>('/teams?limit=200'), select: (p) => p.items, staleTime: 30_000 });
}

function useTeamsChange<V, T = unknown>(fn: (v: V) => Promise<T>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: teamsKey });
      // Deleting a team leaves its services without an owner.
      void qc.invalidateQueries({ queryKey: ['services'] });
    },
  });
}

export const useCreateTeam = () => useTeamsChange((v: TeamInput) => post<Team>('/teams', v));
export const useUpdateTeam = () => useTeamsChange((v: { id: string; input: TeamInput }) => patch<Team>(`/teams/${v.id}`, v.input));
export const useDeleteTeam = () => useTeamsChange((id: string) => del(`/teams/${id}`));
