import type { User } from '../session/types';
import type { Team } from '../teams/api';
import type { Service } from './api';

export interface Contact {
  user: User;
  expert: boolean;
  /** Name of the owner team when they are in it. */
  team: string | null;
}

/**
 * Who to call about a service at 3 AM: its subject-matter experts first, then the owner
 * team's members, each person once, by name within each group; deactivated people left out.
 */
export function whoToCall(service: Pick<Service, 'expert_ids' | 'owner_team_id'>, teams: Team[], users: User[]): Contact[] {
  const byId = new Map(users.filter((u) => !u.deactivated_at).map((u) => [u.id, u]));
  const team = teams.find((t) => t.id === service.owner_team_id) ?? null;
  const ids = [...new Set([...service.expert_ids, ...(team?.member_ids ?? [])])];
  return ids
    .map((id) => byId.get(id))
    .filter((u): u is User => !!u)
    .map((user) => ({ user, expert: service.expert_ids.includes(user.id), team: team?.member_ids.includes(user.id) ? team.name : null }))
    .sort((a, b) => Number(b.expert) - Number(a.expert) || a.user.name.localeCompare(b.user.name));
}

/** Services that depend on this one: what else breaks when it does. */
export function dependentsOf(id: string, services: Service[]): Service[] {
  return services.filter((s) => s.dependency_ids.includes(id));
}

/** "2 experts", "1 dependency", "no experts". */
export function countLabel(n: number, one: string, many: string): string {
  return n === 0 ? `no ${many}` : `${n} ${n === 1 ? one : many}`;
}
