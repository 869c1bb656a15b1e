import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ApiRequestBody, type ApiResponse, del, get, patch, post } from '../../app/api';

export type Team = ApiResponse<'/api/v1/teams/{id}', 'get'>;
type TeamPage = ApiResponse<'/api/v1/teams', 'get'>;
/** What the team form sends, to create or to change: every field, always. */
export type TeamInput = Required<ApiRequestBody<'/api/v1/teams', 'post'>>;
type TeamPatch = ApiRequestBody<'/api/v1/teams/{id}', 'patch'>;

export const teamsKey = ['teams'] as const;

export function useTeams() {
  return useQuery({ queryKey: teamsKey, queryFn: () => get<TeamPage>('/teams?limit=200'), select: (p) => p.items, staleTime: 30_000 });
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
export const useUpdateTeam = () => useTeamsChange((v: { id: string; input: TeamPatch }) => patch<Team>(`/teams/${v.id}`, v.input));
export const useDeleteTeam = () => useTeamsChange((id: string) => del(`/teams/${id}`));
