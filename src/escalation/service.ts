import type { Static } from 'typebox';
import { toIso } from '../core/clock.js';
import { readTogether, roleAtLeast, runner, type Ctx } from '../core/context.js';
import { isForeignKeyViolation, isUniqueViolation, type Q } from '../core/db/index.js';
import { inTransaction } from '../core/events.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { toListInput, toPage, type ListQuery, type Page } from '../core/lists.js';
import type { Severity } from '../incidents/model.js';
import { onCallNow } from '../schedules/oncall.js';
import { escalationPolicyOf, servicesUsingPolicies, setEscalationPolicy } from '../services/service.js';
import { checkDescription } from '../teams/model.js';
import { teamExists, teamsWithMembers } from '../teams/service.js';
import { checkName, parseTime } from '../users/model.js';
import { actingRole, existingUserIds, findActiveUserRef, userNames } from '../users/service.js';
import { appliesTo, checkAckTimeout, checkRepeatCount, checkTiers, defaultTiers, reachOf, referencedIds, type DefaultTemplateTargets, type Lookups, type Tier, type TierInput } from './model.js';
import type * as S from './schemas.js';
import * as store from './store.js';
import type { EscalationPoliciesTable, EscalationTargetsTable, EscalationTiersTable } from './tables.js';

// Escalation policies: create (from tiers or the default template), read, change, delete; attach
// one to a service; and who each tier would reach at an instant.

export interface NewPolicy {
  name: string;
  team_id?: string | null;
  repeat_count?: number;
  ack_timeout_minutes?: number | null;
  description?: string;
  tiers?: TierInput[];
  template?: 'default';
  targets?: DefaultTemplateTargets;
}
export type PolicyPatch = Partial<Pick<NewPolicy, 'name' | 'team_id' | 'repeat_count' | 'ack_timeout_minutes' | 'description' | 'tiers'>>;
type PolicyJson = Static<typeof S.PolicySchema>;
type OnCallJson = Static<typeof S.PolicyOnCallSchema>;

function requireAdmin(ctx: Ctx): void {
  if (!roleAtLeast(actingRole(ctx), 'admin')) throw new ForbiddenError('Managing escalation policies needs the admin role');
}

async function load(q: Q, id: string): Promise<EscalationPoliciesTable> {
  const row = await store.findById(q, id);
  if (!row) throw new NotFoundError('Escalation policy', id);
  return row;
}

/** A tier as stored, with its targets' rows in order. */
const toTier = (t: Pick<EscalationTiersTable, 'position' | 'delay_minutes' | 'severities'>, targets: Pick<EscalationTargetsTable, 'kind' | 'target_id'>[]): Tier => ({
  position: t.position,
  delay_minutes: t.delay_minutes,
  severities: t.severities === null ? null : (JSON.parse(t.severities) as Severity[]),
  targets: targets.map((x) => ({ kind: x.kind, id: x.target_id })),
});

async function tiersByPolicy(q: Q, ids: string[]): Promise<Map<string, Tier[]>> {
  const tiers = await store.tiersOf(q, ids);
  const targets = await store.targetsOf(q, tiers.map((t) => t.id));
  const out = new Map<string, Tier[]>(ids.map((id) => [id, []]));
  for (const t of tiers) out.get(t.policy_id)!.push(toTier(t, targets.filter((x) => x.tier_id === t.id)));
  return out;
}

/** Names of what the targets name now (null: gone). */
async function targetNames(ctx: Ctx, tiers: Tier[]): Promise<(t: Tier['targets'][number]) => string | null> {
  const refs = referencedIds(tiers, () => '');
  const [people, schedules, teams] = await readTogether(runner(ctx), [
    () => userNames(ctx, [...refs.user.keys()]),
    () => onCallNow(ctx, [...refs.schedule.keys()], ctx.clock.now().getTime()),
    () => teamsWithMembers(ctx, [...refs.team.keys()]),
  ] as const);
  return (t) => (t.kind === 'incident_commander' ? 'Incident commander' : t.kind === 'user' ? (people.get(t.id!) ?? null) : ((t.kind === 'schedule' ? schedules : teams).get(t.id!)?.name ?? null));
}

async function describe(ctx: Ctx, rows: EscalationPoliciesTable[]): Promise<PolicyJson[]> {
  const ids = rows.map((r) => r.id);
  const tiers = await tiersByPolicy(runner(ctx), ids);
  const nameOf = await targetNames(ctx, [...tiers.values()].flat());
  const services = await servicesUsingPolicies(ctx, ids);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    team_id: r.team_id,
    repeat_count: r.repeat_count,
    ack_timeout_minutes: r.ack_timeout_minutes === null ? null : Number(r.ack_timeout_minutes),
    description: r.description,
    tiers: tiers.get(r.id)!.map((t) => ({ ...t, targets: t.targets.map((x) => ({ ...x, name: nameOf(x) })) })),
    services: services.get(r.id)!,
    created_at: toIso(Number(r.created_at))!,
    updated_at: toIso(Number(r.updated_at))!,
  }));
}

export async function getPolicy(ctx: Ctx, id: string): Promise<PolicyJson> {
  return (await describe(ctx, [await load(runner(ctx), id)]))[0]!;
}

export async function listPolicies(ctx: Ctx, query: ListQuery): Promise<Page<PolicyJson>> {
  const input = toListInput(query);
  const rows = await store.list(runner(ctx), input);
  const shown = new Map((await describe(ctx, rows.slice(0, input.limit))).map((p) => [p.id, p]));
  return toPage(rows, input.limit, (r) => shown.get(r.id)!);
}

/** Tiers checked, with every user, schedule and team they name existing (400 naming the field). */
async function checkedTiers(ctx: Ctx, inputs: TierInput[], fieldOf: (tier: number, target: number) => string): Promise<Tier[]> {
  const tiers = checkTiers(inputs);
  const refs = referencedIds(tiers, fieldOf);
  const users = await existingUserIds(ctx, [...refs.user.keys()]);
  const schedules = await onCallNow(ctx, [...refs.schedule.keys()], ctx.clock.now().getTime());
  const teams = await teamsWithMembers(ctx, [...refs.team.keys()]);
  const known = { user: users, schedule: new Set(schedules.keys()), team: new Set(teams.keys()) };
  for (const kind of ['user', 'schedule', 'team'] as const) {
    for (const [id, field] of refs[kind]) if (!known[kind].has(id)) throw new ValidationError(`${field}: there is no ${kind} ${id}`, field);
  }
  return tiers;
}

/** Each tier's field as sent, for errors about the targets it names (tiers are sorted by position). */
const tierFields = (inputs: TierInput[]) => {
  const order = inputs.map((t, i) => ({ t, i })).sort((a, b) => (a.t.position ?? a.i) - (b.t.position ?? b.i));
  return (tier: number, target: number) => `tiers.${order[tier]!.i}.targets.${target}.id`;
};

function fromTemplate(input: NewPolicy): { tiers: TierInput[]; fieldOf: (tier: number, target: number) => string } {
  if (input.tiers) throw new ValidationError('give either tiers or a template, not both', 'tiers');
  if (!input.targets) throw new ValidationError('the default template needs targets: primary, secondary, management and executives', 'targets');
  const names = ['primary', 'secondary', 'management', 'executives'];
  return { tiers: defaultTiers(input.targets), fieldOf: (tier) => `targets.${names[tier]}.id` };
}

async function checkTeam(ctx: Ctx, teamId: string | null | undefined): Promise<string | null> {
  if (!teamId) return null;
  if (!(await teamExists(ctx, teamId))) throw new ValidationError(`team_id: there is no team ${teamId}`, 'team_id');
  return teamId;
}

function tierRows(policyId: string, tiers: Tier[]) {
  const rows = tiers.map((t) => ({ id: newId('tier'), policy_id: policyId, position: t.position, delay_minutes: t.delay_minutes, severities: t.severities === null ? null : JSON.stringify(t.severities) }));
  const targets = tiers.flatMap((t, i) => t.targets.map((x, j) => ({ tier_id: rows[i]!.id, position: j, kind: x.kind, target_id: x.id })));
  return [rows, targets] as const;
}

/** Runs a write; a name another write took meanwhile is still a 409 (the unique index decides). */
async function guardUnique<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`An escalation policy named ${name} already exists`);
    throw err;
  }
}

async function checkNameFree(q: Q, name: string, exceptId: string | null): Promise<void> {
  const other = await store.findByName(q, name);
  if (other && other.id !== exceptId) throw new ConflictError(`An escalation policy named ${other.name} already exists`);
}

export async function createPolicy(ctx: Ctx, input: NewPolicy): Promise<PolicyJson> {
  requireAdmin(ctx);
  const name = checkName(input.name);
  const description = checkDescription(input.description ?? '');
  const repeat_count = checkRepeatCount(input.repeat_count);
  const ack_timeout_minutes = checkAckTimeout(input.ack_timeout_minutes) ?? null;
  if (!input.template && input.targets) throw new ValidationError('targets go with the default template; give tiers otherwise', 'targets');
  const built = input.template ? fromTemplate(input) : { tiers: input.tiers ?? [], fieldOf: tierFields(input.tiers ?? []) };
  const tiers = await checkedTiers(ctx, built.tiers, built.fieldOf);
  const team_id = await checkTeam(ctx, input.team_id);
  const id = newId('esc');
  const now = ctx.clock.now().getTime();
  await guardUnique(name, () =>
    inTransaction(ctx, async (t) => {
      await checkNameFree(t.tx, name, null);
      await store.insert(t.tx, { id, name, team_id, repeat_count, ack_timeout_minutes, description, created_at: now, updated_at: now });
      await store.replaceTiers(t.tx, id, ...tierRows(id, tiers));
    }),
  );
  return getPolicy(ctx, id);
}

/** Changes the fields given; `tiers` replaces every tier. */
export async function updatePolicy(ctx: Ctx, id: string, patch: PolicyPatch): Promise<PolicyJson> {
  requireAdmin(ctx);
  await load(runner(ctx), id);
  const name = patch.name === undefined ? undefined : checkName(patch.name);
  const description = patch.description === undefined ? undefined : checkDescription(patch.description);
  const repeat_count = patch.repeat_count === undefined ? undefined : checkRepeatCount(patch.repeat_count);
  const ack_timeout_minutes = checkAckTimeout(patch.ack_timeout_minutes);
  const team_id = patch.team_id === undefined ? undefined : await checkTeam(ctx, patch.team_id);
  const tiers = patch.tiers === undefined ? undefined : await checkedTiers(ctx, patch.tiers, tierFields(patch.tiers));
  await guardUnique(name ?? '', () =>
    inTransaction(ctx, async (t) => {
      await load(t.tx, id);
      if (name !== undefined) await checkNameFree(t.tx, name, id);
      const fields = { name, description, repeat_count, ack_timeout_minutes, team_id };
      await store.update(t.tx, id, { ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)), updated_at: ctx.clock.now().getTime() });
      if (tiers) await store.replaceTiers(t.tx, id, ...tierRows(id, tiers));
    }),
  );
  return getPolicy(ctx, id);
}

/** Deletes a policy; services that used it are left without one (the database sets theirs to null). */
export async function deletePolicy(ctx: Ctx, id: string): Promise<void> {
  requireAdmin(ctx);
  await inTransaction(ctx, async (t) => {
    await load(t.tx, id);
    await store.remove(t.tx, id);
  });
}

/** Attaches a policy to a service (null detaches it). */
export async function attachPolicy(ctx: Ctx, serviceId: string, policyId: string | null): Promise<Static<typeof S.AttachAnswer>> {
  requireAdmin(ctx);
  const missing = () => new ValidationError(`policy_id: there is no escalation policy ${policyId}`, 'policy_id');
  try {
    const policy = await inTransaction(ctx, async (t) => {
      const row = policyId === null ? null : await store.findById(t.tx, policyId);
      if (policyId !== null && !row) throw missing();
      await setEscalationPolicy(t, serviceId, policyId);
      return row ? { id: row.id, name: row.name } : null;
    });
    return { service_id: serviceId, policy };
  } catch (err) {
    // The policy was deleted between the check and the write: the foreign key refused it.
    if (isForeignKeyViolation(err)) throw missing();
    throw err;
  }
}

/**
 * Who each tier would reach at `at` (default now); `severity` marks the tiers it leaves out.
 * `known`: tiers the caller already read in this transaction (paging's one tier), not read again.
 */
async function reachAt(ctx: Ctx, row: Pick<EscalationPoliciesTable, 'id' | 'name'>, at: number, severity: Severity | undefined, commander?: Lookups['commander'], known?: Tier[]): Promise<OnCallJson> {
  const tiers = known ?? (await tiersByPolicy(runner(ctx), [row.id])).get(row.id)!;
  const refs = referencedIds(tiers, () => '');
  const schedules = await onCallNow(ctx, [...refs.schedule.keys()], at);
  const teams = await teamsWithMembers(ctx, [...refs.team.keys()]);
  const ids = [...(commander ? [commander.user_id] : []), ...refs.user.keys(), ...[...schedules.values()].flatMap((s) => (s.on_call ? [s.on_call] : [])), ...[...teams.values()].flatMap((t) => t.member_ids)];
  const people = new Map<string, string>();
  for (const id of new Set(ids)) {
    const ref = await findActiveUserRef(ctx, id);
    if (ref) people.set(id, ref.name);
  }
  const lookups: Lookups = { schedules, teams, people, commander };
  return {
    policy: { id: row.id, name: row.name },
    at: toIso(at)!,
    tiers: tiers.map((t) => {
      const targets = t.targets.map((x) => reachOf(x, lookups));
      const everyone = new Map(targets.flatMap((x) => x.people).map((p) => [p.user_id, p]));
      return { position: t.position, delay_minutes: t.delay_minutes, severities: t.severities, applies: appliesTo(t, severity), targets, people: [...everyone.values()] };
    }),
  };
}

const atOf = (ctx: Ctx, at: string | undefined): number => (at === undefined ? ctx.clock.now().getTime() : parseTime(at, 'at'));

export async function policyOnCall(ctx: Ctx, id: string, query: { at?: string; severity?: Severity }): Promise<OnCallJson> {
  const at = atOf(ctx, query.at);
  return reachAt(ctx, await load(runner(ctx), id), at, query.severity);
}

export async function serviceOnCall(ctx: Ctx, serviceId: string, query: { at?: string; severity?: Severity }): Promise<OnCallJson> {
  const at = atOf(ctx, query.at);
  const svc = await escalationPolicyOf(ctx, serviceId);
  const service = { id: svc.id, name: svc.name };
  const row = svc.escalation_policy_id ? await store.findById(runner(ctx), svc.escalation_policy_id) : undefined;
  if (!row) return { policy: null, service, at: toIso(at)!, tiers: [] };
  return { ...(await reachAt(ctx, row, at, query.severity)), service };
}

/** What paging needs of a policy: its tiers' timing, repeats and acknowledgement timeout (null: the policy is gone). */
export async function pagingPolicy(ctx: Ctx, id: string): Promise<{ id: string; name: string; team_id: string | null; repeat_count: number; ack_timeout_minutes: number | null; tiers: Tier[] } | null> {
  // One statement, not three: paging reads the policy at every step (bench:paging).
  const rows = await store.policyWithTiers(runner(ctx), id);
  const row = rows[0];
  if (!row) return null;
  // Rows come in tier order, then target order; a tier without targets has one row without one.
  const byTier = new Map<string, { tier: Pick<EscalationTiersTable, 'position' | 'delay_minutes' | 'severities'>; targets: Pick<EscalationTargetsTable, 'kind' | 'target_id'>[] }>();
  for (const { tier_id, position, delay_minutes, severities, kind, target_id } of rows) {
    if (tier_id === null || position === null || delay_minutes === null) continue;
    if (!byTier.has(tier_id)) byTier.set(tier_id, { tier: { position, delay_minutes, severities }, targets: [] });
    if (kind !== null) byTier.get(tier_id)!.targets.push({ kind, target_id });
  }
  const tiers = [...byTier.values()].map((e) => toTier(e.tier, e.targets));
  return { id, name: row.name, team_id: row.team_id, repeat_count: row.repeat_count, ack_timeout_minutes: row.ack_timeout_minutes === null ? null : Number(row.ack_timeout_minutes), tiers };
}

/**
 * Who one tier of a policy as pagingPolicy read it reaches at `at`, for an incident whose
 * commander is `commander` (null: none), and why a target reaches nobody. Only that tier's
 * schedules, teams and people are looked up, and the policy is not read again (a step's cost).
 */
export async function tierReachAt(ctx: Ctx, policy: Pick<EscalationPoliciesTable, 'id' | 'name'> & { tiers: Tier[] }, position: number, at: number, commander: { user_id: string; user_name: string } | null) {
  const tier = (await reachAt(ctx, policy, at, undefined, commander, policy.tiers.filter((t) => t.position === position))).tiers[0];
  return tier ? { people: tier.people, gaps: tier.targets.filter((t) => t.gap).map((t) => ({ kind: t.kind, name: t.name, gap: t.gap! })) } : null;
}
