import { roleAtLeast, runner, type Ctx, type TxCtx } from '../core/context.js';
import { isUniqueViolation, lockNamed, type Q } from '../core/db/index.js';
import { emit, inTransaction } from '../core/events.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { teamExists } from '../teams/service.js';
import { checkDescription, requireKnown, uniqueIds } from '../teams/model.js';
import { toListInput, toPage, type ListQuery, type Page } from '../core/lists.js';
import { checkName } from '../users/model.js';
import { actingRole } from '../users/service.js';
import { existingUserIds } from '../users/service.js';
import { checkRunbookUrl, findDependencyCycle, toServiceJson, type Service } from './model.js';
import * as store from './store.js';

export interface NewService {
  name: string;
  description?: string;
  owner_team_id?: string | null;
  runbook_url?: string | null;
  expert_ids?: string[];
  dependency_ids?: string[];
}

export type ServicePatch = Partial<NewService>;

const NO_LINKS = { expertIds: [], dependencyIds: [] };

function requireAdmin(ctx: Ctx): void {
  if (!roleAtLeast(actingRole(ctx), 'admin')) throw new ForbiddenError('Managing services needs the admin role');
}

async function load(q: Q, id: string) {
  const row = await store.findById(q, id);
  if (!row) throw new NotFoundError('Service', id);
  return row;
}

/** Checks every reference the service makes, inside the writing transaction. */
async function checkReferences(ctx: TxCtx, id: string, input: ServicePatch & { name?: string }): Promise<void> {
  const q = ctx.tx;
  if (input.name !== undefined) {
    const other = await store.findOtherByName(q, input.name, id);
    if (other) throw new ConflictError(`A service named ${other.name} already exists`);
  }
  if (input.owner_team_id != null && !(await teamExists(ctx, input.owner_team_id))) {
    throw new ValidationError(`owner_team_id: there is no team ${input.owner_team_id}`, 'owner_team_id');
  }
  if (input.expert_ids) requireKnown(input.expert_ids, await existingUserIds(ctx, input.expert_ids), 'expert_ids', 'user');
  if (input.dependency_ids) {
    // Two edits that each add half of a cycle would both pass a check made side by side.
    await lockNamed(q, ctx.db.dialect, 'service_dependencies');
    const deps = input.dependency_ids;
    if (deps.includes(id)) throw new ValidationError('dependency_ids: a service cannot depend on itself', 'dependency_ids');
    requireKnown(deps, await store.existingIds(q, deps), 'dependency_ids', 'service');
    const cycle = findDependencyCycle(await store.allDependencyEdges(q), id, deps);
    if (cycle) {
      const names = await store.namesOf(q, cycle);
      if (input.name !== undefined) names.set(id, input.name);
      const path = cycle.map((s) => names.get(s) ?? s).join(' → ');
      throw new ValidationError(`dependency_ids would make a cycle: ${path}`, 'dependency_ids');
    }
  }
}

/** Validates the fields given, in the shape the store writes; absent fields stay absent. */
function clean(input: ServicePatch): ServicePatch {
  const out: ServicePatch = {};
  if (input.name !== undefined) out.name = checkName(input.name);
  if (input.description !== undefined) out.description = checkDescription(input.description);
  if (input.runbook_url !== undefined) out.runbook_url = checkRunbookUrl(input.runbook_url);
  if (input.owner_team_id !== undefined) out.owner_team_id = input.owner_team_id;
  if (input.expert_ids !== undefined) out.expert_ids = uniqueIds(input.expert_ids);
  if (input.dependency_ids !== undefined) out.dependency_ids = uniqueIds(input.dependency_ids);
  return out;
}

async function write(ctx: Ctx, id: string, input: ServicePatch, fn: (q: Q) => Promise<void>): Promise<void> {
  try {
    await inTransaction(ctx, async (t) => {
      const q = t.tx;
      await fn(q);
      await checkReferences(t, id, input);
      const { expert_ids, dependency_ids, ...columns } = input;
      await store.update(q, id, { ...columns, updated_at: ctx.clock.now().getTime() });
      if (expert_ids) await store.setExperts(q, id, expert_ids);
      if (dependency_ids) await store.setDependencies(q, id, dependency_ids);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`A service named ${input.name ?? ''} already exists`);
    throw err;
  }
}

export async function createService(ctx: Ctx, input: NewService): Promise<Service> {
  requireAdmin(ctx);
  const fields = clean({ description: '', owner_team_id: null, runbook_url: null, ...input });
  const id = newId('svc');
  const now = ctx.clock.now().getTime();
  await write(ctx, id, fields, (q) =>
    store.insert(q, { id, name: fields.name!, description: '', owner_team_id: null, runbook_url: null, created_at: now, updated_at: now }),
  );
  return getService(ctx, id);
}

/** Names by id, for other domains that show services. */
export const serviceNames = (ctx: Ctx, ids: readonly string[]): Promise<Map<string, string>> => store.namesOf(runner(ctx), [...ids]);

/**
 * The services a change is about to refer to (an incident naming them), held until the caller's
 * transaction ends so none can be deleted meanwhile. Answers the ones that exist, with names.
 */
export async function holdServices(ctx: TxCtx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ctx.db.dialect !== 'postgres') return store.namesOf(ctx.tx, [...ids]);
  return new Map((await store.lockByIds(ctx.tx, ids, 'share')).map((r) => [r.id, r.name]));
}

/**
 * Serialises work that reads then writes per service (alert grouping: join the open incident or
 * declare one) until commit: a row lock on PostgreSQL; SQLite's single writer already does.
 * FOR NO KEY UPDATE, not FOR UPDATE: rows that reference the service (the alert just inserted)
 * hold FOR KEY SHARE on it, and FOR UPDATE would make two such transactions deadlock.
 */
export async function lockService(ctx: TxCtx, id: string): Promise<void> {
  if (ctx.db.dialect === 'postgres') await store.lockByIds(ctx.tx, [id], 'no-key-update');
}

/** The id of the service named by `ref` (its id, or its name in any case), or null. */
export async function findServiceId(ctx: Ctx, ref: string): Promise<string | null> {
  const q = runner(ctx);
  return ((await store.findById(q, ref)) ?? (await store.findOtherByName(q, ref, '')))?.id ?? null;
}

export async function getService(ctx: Ctx, id: string): Promise<Service> {
  const row = await load(ctx.db.kysely, id);
  return toServiceJson(row, (await store.linksOf(ctx.db.kysely, [id])).get(id) ?? NO_LINKS);
}

export async function listServices(ctx: Ctx, query: ListQuery): Promise<Page<Service>> {
  const input = toListInput(query);
  const rows = await store.list(ctx.db.kysely, input);
  const links = await store.linksOf(ctx.db.kysely, rows.map((r) => r.id));
  return toPage(rows, input.limit, (r) => toServiceJson(r, links.get(r.id) ?? NO_LINKS));
}

/** Changes the fields given; `expert_ids` and `dependency_ids` replace the whole set. */
export async function updateService(ctx: Ctx, id: string, patch: ServicePatch): Promise<Service> {
  requireAdmin(ctx);
  await write(ctx, id, clean(patch), async (q) => void (await load(q, id)));
  return getService(ctx, id);
}

/** Deletes a service no incident names; one with incidents keeps their history and stays. */
export async function deleteService(ctx: Ctx, id: string): Promise<void> {
  requireAdmin(ctx);
  await inTransaction(ctx, async (t) => {
    const row = await load(t.tx, id);
    // Row-locked first: a declare naming it either finishes first (and we refuse) or waits and finds it gone.
    if (t.db.dialect === 'postgres') await store.lockByIds(t.tx, [id], 'update');
    // Domains that refer to services (incidents) refuse here, in this transaction, when they must.
    await emit(t, 'service.deleting', { id, name: row.name }, t.clock.now().getTime());
    await store.remove(t.tx, id);
  });
}

/** A service's escalation policy id (null: none), for the escalation domain; unknown service: 404. */
export async function escalationPolicyOf(ctx: Ctx, id: string): Promise<{ id: string; name: string; escalation_policy_id: string | null }> {
  const row = await load(runner(ctx), id);
  return { id: row.id, name: row.name, escalation_policy_id: row.escalation_policy_id };
}

/** The services each policy escalates, by name, for the escalation domain (a policy none uses: []). */
export async function servicesUsingPolicies(ctx: Ctx, policyIds: string[]): Promise<Map<string, { id: string; name: string }[]>> {
  const out = new Map<string, { id: string; name: string }[]>(policyIds.map((id) => [id, []]));
  for (const r of await store.usingPolicies(runner(ctx), policyIds)) out.get(r.escalation_policy_id!)?.push({ id: r.id, name: r.name });
  return out;
}

/** Sets the policy that escalates a service's incidents; the escalation domain checks the policy and the role. */
export async function setEscalationPolicy(ctx: Ctx, id: string, policyId: string | null): Promise<void> {
  const q = runner(ctx);
  await load(q, id);
  await store.update(q, id, { escalation_policy_id: policyId, updated_at: ctx.clock.now().getTime() });
}
