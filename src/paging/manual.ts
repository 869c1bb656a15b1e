import { actingRoleOf, actorId, roleAtLeast, type Ctx } from '../core/context.js';
import { ForbiddenError, ValidationError } from '../core/errors.js';
import { inTransaction } from '../core/events.js';
import { getIncidentForChange } from '../incidents/service.js';
import { onCallNow } from '../schedules/oncall.js';
import { getService } from '../services/service.js';
import { teamsWithMembers } from '../teams/service.js';
import { findActiveUserRef } from '../users/service.js';
import type { Urgency } from './model.js';
import { pagePeople, recordPaged } from './pages.js';
import * as store from './store.js';

// "Page someone else": any person, whoever is on call in a schedule, a team, or the subject-matter
// experts of a service (the seed's lateral escalation). A manual page stands until that person
// answers it or the incident is resolved, whatever the escalation does.

export type ManualTarget = { kind: 'user' | 'schedule' | 'team' | 'service_experts'; id: string };

export interface ManualPageInput {
  targets: ManualTarget[];
  note?: string;
  urgency?: Urgency;
  /** Hand the incident over: the escalation stops paging its chain; the people paged here take it. */
  reassign?: boolean;
}

/** The people the targets reach now; a target reaching nobody is a 400 naming it, never a silent skip. */
async function peopleOf(ctx: Ctx, targets: ManualTarget[], now: number): Promise<{ user_id: string; user_name: string }[]> {
  const out = new Map<string, string>();
  for (const [i, t] of targets.entries()) {
    const field = `targets.${i}.id`;
    let ids: string[] = [];
    if (t.kind === 'user') ids = [t.id];
    else if (t.kind === 'schedule') {
      const s = (await onCallNow(ctx, [t.id], now)).get(t.id);
      if (!s) throw new ValidationError(`${field}: there is no schedule ${t.id}`, field);
      ids = s.on_call ? [s.on_call] : [];
    } else if (t.kind === 'team') {
      const team = (await teamsWithMembers(ctx, [t.id])).get(t.id);
      if (!team) throw new ValidationError(`${field}: there is no team ${t.id}`, field);
      ids = team.member_ids;
    } else ids = (await getService(ctx, t.id).catch(() => { throw new ValidationError(`${field}: there is no service ${t.id}`, field); })).expert_ids;
    let found = 0;
    for (const id of ids) {
      const ref = await findActiveUserRef(ctx, id);
      if (ref) { out.set(ref.id, ref.name); found++; }
    }
    if (!found) throw new ValidationError(`${field}: this ${t.kind.replace('_', ' ')} reaches nobody right now`, field);
  }
  return [...out].map(([user_id, user_name]) => ({ user_id, user_name }));
}

/** Pages the people the targets reach now, at high urgency unless told otherwise. */
export async function pageSomeone(ctx: Ctx, incidentKey: string, input: ManualPageInput): Promise<{ pages: string[]; unreachable: { id: string; name: string }[] }> {
  if (!roleAtLeast(actingRoleOf(ctx.actor), 'responder')) throw new ForbiddenError('Paging needs the responder role');
  if (!input.targets.length) throw new ValidationError('targets must name at least one person, schedule, team or service', 'targets');
  const note = input.note?.trim() ?? '';
  return inTransaction(ctx, async (t) => {
    const now = t.clock.now().getTime();
    const incident = await getIncidentForChange(t, incidentKey);
    if (incident.status === 'resolved' || incident.status === 'closed') throw new ValidationError(`The incident is ${incident.status}; nobody needs paging`, 'incident');
    const people = await peopleOf(t, input.targets, now);
    if (input.reassign) {
      await store.moveEscalations(t.tx, incident.id, ['waiting', 'active', 'acknowledged'], { state: 'done' }, now);
      await store.acknowledgePages(t.tx, incident.id, now);
    }
    const req = { incident, people, urgency: input.urgency ?? 'high', reason: 'manual' as const, requestedBy: actorId(ctx.actor), note, ...(input.reassign ? { why: 'reassigned' as const } : {}) };
    const { pageIds, unreachable } = await pagePeople(t, req, now);
    await recordPaged(t, req, unreachable);
    return { pages: pageIds, unreachable };
  });
}
