import type { Static } from 'typebox';
import { readTogether, runner, type Ctx } from '../../core/context.js';
import { NotFoundError } from '../../core/errors.js';
import type { Kernel } from '../../core/module.js';
import { getPolicy } from '../../escalation/service.js';
import { getSchedule, schedulesOfTeam } from '../../schedules/service.js';
import { teamsWithMembers } from '../../teams/service.js';
import { findActiveUserRef, userNames } from '../../users/service.js';
import { CHANNELS } from '../channels/index.js';
import type { ChannelName } from '../content.js';
import { readinessFor } from './model.readiness.js';
import type * as S from './schemas.js';
import * as store from './store.js';

// Readiness, before the night it matters: whether a person can be reached for each urgency, and
// which people an escalation policy or a team targets cannot be. People come from the other
// domains' services (policy tiers, schedule rotations, team members), never their tables.

type GroupJson = Static<typeof S.GroupReadiness>;

/** The channels a page can actually go out on here (an unconfigured one fails every send). */
export function configuredChannels(kernel: Kernel): Set<ChannelName> {
  return new Set(CHANNELS.filter((c) => c.channel !== 'webhook' && c.configured(kernel)).map((c) => c.channel as ChannelName));
}

async function readinessOf(ctx: Ctx, userIds: string[], configured: ReadonlySet<ChannelName>) {
  const q = runner(ctx);
  const [methods, rules] = await readTogether(q, [() => store.methodsOf(q, userIds), () => store.rulesOf(q, userIds)] as const);
  const mine = <T extends { user_id: string }>(rows: T[], id: string) => rows.filter((r) => r.user_id === id);
  const states = (id: string) => mine(methods, id).map((m) => ({ ...m, verified_at: m.verified_at === null ? null : Number(m.verified_at), disabled_at: m.disabled_at === null ? null : Number(m.disabled_at) }));
  return new Map(userIds.map((id) => [id, { high: readinessFor(states(id), mine(rules, id), 'high', configured), low: readinessFor(states(id), mine(rules, id), 'low', configured) }]));
}

export async function userReadiness(ctx: Ctx, userId: string, configured: ReadonlySet<ChannelName>): Promise<Static<typeof S.UserReadiness>> {
  const ref = await findActiveUserRef(ctx, userId);
  if (!ref) throw new NotFoundError('User', userId);
  return { user_id: ref.id, name: ref.name, ...(await readinessOf(ctx, [ref.id], configured)).get(ref.id)! };
}

/**
 * userReadiness for several people at once (the People list marks whom a page cannot reach):
 * one entry per id asked that names a person, in the order asked.
 */
export async function peopleReadiness(ctx: Ctx, userIds: readonly string[], configured: ReadonlySet<ChannelName>): Promise<Static<typeof S.UserReadiness>[]> {
  const names = await userNames(ctx, userIds);
  const ids = userIds.filter((id) => names.has(id));
  const ready = await readinessOf(ctx, ids, configured);
  return ids.map((id) => ({ user_id: id, name: names.get(id)!, ...ready.get(id)! }));
}

/** People (active ones) and what targets each, to the group's unreachable list. */
async function unreachable(ctx: Ctx, targeted: Map<string, string[]>, configured: ReadonlySet<ChannelName>): Promise<GroupJson> {
  const people: { id: string; name: string }[] = [];
  for (const id of targeted.keys()) {
    const ref = await findActiveUserRef(ctx, id);
    if (ref) people.push(ref);
  }
  const ready = await readinessOf(ctx, people.map((p) => p.id), configured);
  return {
    people: people.length,
    unreachable: people
      .filter((p) => !ready.get(p.id)!.high.reachable)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) => ({ user_id: p.id, name: p.name, targeted_by: targeted.get(p.id)!, problems: ready.get(p.id)!.high.problems })),
  };
}

const add = (map: Map<string, string[]>, ids: readonly string[], why: string) => {
  for (const id of ids) map.set(id, [...new Set([...(map.get(id) ?? []), why])]);
};

/** Everyone a schedule can put on call: the members of its layers that have not ended. */
async function rotationMembers(ctx: Ctx, scheduleId: string): Promise<{ name: string; members: string[] } | null> {
  const now = ctx.clock.now().getTime();
  try {
    const s = await getSchedule(ctx, scheduleId);
    return { name: s.name, members: s.layers.filter((l) => l.ends_at === null || Date.parse(l.ends_at) > now).flatMap((l) => l.members) };
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

export async function policyReadiness(ctx: Ctx, policyId: string, configured: ReadonlySet<ChannelName>): Promise<GroupJson> {
  const policy = await getPolicy(ctx, policyId);
  const targeted = new Map<string, string[]>();
  for (const tier of policy.tiers) {
    const where = `tier ${tier.position}`;
    for (const t of tier.targets) {
      if (t.kind === 'user' && t.id) add(targeted, [t.id], `${where}: ${t.name ?? 'user'}`);
      if (t.kind === 'team' && t.id) add(targeted, (await teamsWithMembers(ctx, [t.id])).get(t.id)?.member_ids ?? [], `${where}: team ${t.name ?? t.id}`);
      if (t.kind === 'schedule' && t.id) {
        const s = await rotationMembers(ctx, t.id);
        if (s) add(targeted, s.members, `${where}: schedule ${s.name}`);
      }
    }
  }
  return unreachable(ctx, targeted, configured);
}

export async function teamReadiness(ctx: Ctx, teamId: string, configured: ReadonlySet<ChannelName>): Promise<GroupJson> {
  const team = (await teamsWithMembers(ctx, [teamId])).get(teamId);
  if (!team) throw new NotFoundError('Team', teamId);
  const targeted = new Map<string, string[]>();
  add(targeted, team.member_ids, `team ${team.name}`);
  // The people the team's schedules put on call page for it too, members or not.
  for (const owned of await schedulesOfTeam(ctx, teamId)) {
    const s = await rotationMembers(ctx, owned.id);
    if (s) add(targeted, s.members, `schedule ${s.name}`);
  }
  return unreachable(ctx, targeted, configured);
}
