import { roleAtLeast, runner, type Ctx } from '../core/context.js';
import { isUniqueViolation, type Q } from '../core/db/index.js';
import { inTransaction } from '../core/events.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { toListInput, toPage, type ListQuery, type Page } from '../core/lists.js';
import { checkName } from '../users/model.js';
import { actingRole } from '../users/service.js';
import { existingUserIds } from '../users/service.js';
import { checkDescription, requireKnown, toTeamJson, uniqueIds, type Team } from './model.js';
import * as store from './store.js';

export interface NewTeam {
  name: string;
  description?: string;
  member_ids?: string[];
}

export type TeamPatch = Partial<NewTeam>;

function requireAdmin(ctx: Ctx): void {
  if (!roleAtLeast(actingRole(ctx), 'admin')) throw new ForbiddenError('Managing teams needs the admin role');
}

async function load(q: Q, id: string) {
  const row = await store.findById(q, id);
  if (!row) throw new NotFoundError('Team', id);
  return row;
}

async function checkNameFree(q: Q, name: string, exceptId: string | null): Promise<void> {
  const other = await store.findByName(q, name);
  if (other && other.id !== exceptId) throw new ConflictError(`A team named ${other.name} already exists`);
}

async function checkMembers(ctx: Ctx, ids: string[]): Promise<void> {
  requireKnown(ids, await existingUserIds(ctx, ids), 'member_ids', 'user');
}

/** Whether a team exists, for other domains that refer to teams (a service's owner). */
export const teamExists = (ctx: Ctx, id: string): Promise<boolean> => store.exists(runner(ctx), id);

/** Runs a write; a name taken by a concurrent write is still a 409. */
async function guardUnique<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`A team named ${name} already exists`);
    throw err;
  }
}

export async function createTeam(ctx: Ctx, input: NewTeam): Promise<Team> {
  requireAdmin(ctx);
  const now = ctx.clock.now().getTime();
  const name = checkName(input.name);
  const row = { id: newId('team'), name, description: checkDescription(input.description ?? ''), created_at: now, updated_at: now };
  const members = uniqueIds(input.member_ids ?? []);
  await guardUnique(name, () =>
    inTransaction(ctx, async (t) => {
      const q = t.tx;
      await checkNameFree(q, name, null);
      await checkMembers(t, members);
      await store.insert(q, row);
      await store.setMembers(q, row.id, members);
    }),
  );
  return toTeamJson(row, members);
}

export async function getTeam(ctx: Ctx, id: string): Promise<Team> {
  const row = await load(ctx.db.kysely, id);
  const members = await store.membersOf(ctx.db.kysely, [id]);
  return toTeamJson(row, members.get(id) ?? []);
}

export async function listTeams(ctx: Ctx, query: ListQuery): Promise<Page<Team>> {
  const input = toListInput(query);
  const rows = await store.list(ctx.db.kysely, input);
  const members = await store.membersOf(ctx.db.kysely, rows.map((r) => r.id));
  return toPage(rows, input.limit, (r) => toTeamJson(r, members.get(r.id) ?? []));
}

/** Changes name, description or members; `member_ids` replaces the whole set. */
export async function updateTeam(ctx: Ctx, id: string, patch: TeamPatch): Promise<Team> {
  requireAdmin(ctx);
  const now = ctx.clock.now().getTime();
  const name = patch.name === undefined ? undefined : checkName(patch.name);
  const description = patch.description === undefined ? undefined : checkDescription(patch.description);
  const members = patch.member_ids === undefined ? undefined : uniqueIds(patch.member_ids);
  await guardUnique(name ?? '', () =>
    inTransaction(ctx, async (t) => {
      const q = t.tx;
      await load(q, id);
      if (name !== undefined) await checkNameFree(q, name, id);
      if (members !== undefined) {
        await checkMembers(t, members);
        await store.setMembers(q, id, members);
      }
      await store.update(q, id, { ...(name === undefined ? {} : { name }), ...(description === undefined ? {} : { description }), updated_at: now });
    }),
  );
  return getTeam(ctx, id);
}

/** Deletes a team; its services stay, without an owner team. */
export async function deleteTeam(ctx: Ctx, id: string): Promise<void> {
  requireAdmin(ctx);
  await ctx.db.tx(async (q) => {
    await load(q, id);
    await store.remove(q, id);
  });
}

/** Names and members of the teams asked for (absent: no such team), for escalation targets. */
export async function teamsWithMembers(ctx: Ctx, ids: readonly string[]): Promise<Map<string, { name: string; member_ids: string[] }>> {
  const q = runner(ctx);
  const members = await store.membersOf(q, [...ids]);
  const out = new Map<string, { name: string; member_ids: string[] }>();
  for (const id of new Set(ids)) {
    const row = await store.findById(q, id);
    if (row) out.set(id, { name: row.name, member_ids: members.get(id) ?? [] });
  }
  return out;
}
