import { hash, verify } from '@node-rs/argon2';
import type { Ctx, Role } from '../core/context.js';
import { isUniqueViolation, lockNamed, type Q } from '../core/db/index.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors.js';
import { newId, newSecret } from '../core/ids.js';
import { hashSecret } from '../core/secrets.js';
import type { Kernel } from '../core/module.js';
import { toListInput, toPage, type ListQuery, type Page } from '../core/lists.js';
import * as m from './model.js';
import * as store from './store.js';

export { createApiToken, listApiTokens, revokeApiToken } from './token-service.js';
export { existingUserIds, findActiveUserRef, userNames, userTimeZones } from './refs.js';

export const SETUP_TOKEN_KEY = 'setup_token_hash';

export interface NewUser {
  email: string;
  name: string;
  role: string;
  time_zone?: string;
  password?: string | null;
}

export interface UserPatch {
  name?: string;
  time_zone?: string;
  role?: string;
  password?: string;
  /** Needed when people change their own password. */
  current_password?: string;
}

/** The role the actor acts with; offline commands (system actor) may do anything. */
export function actingRole(ctx: Ctx): Role {
  if (ctx.actor.kind === 'system') return 'owner';
  if (ctx.actor.kind === 'user') return ctx.actor.role;
  throw new ForbiddenError('Integrations cannot manage users');
}

async function loadUser(q: Q, id: string) {
  const row = await store.findUserById(q, id);
  if (!row) throw new NotFoundError('User', id);
  return row;
}

/** Validates a new user and hashes the password (slow, so outside any transaction). */
export async function prepareUserRow(input: NewUser, now: number) {
  const email = m.normalizeEmail(input.email);
  const name = m.checkName(input.name);
  const role = m.checkRole(input.role);
  const timeZone = m.checkTimeZone(input.time_zone ?? 'UTC');
  const password = input.password == null ? null : m.checkPassword(input.password);
  return {
    id: newId('usr'),
    email,
    name,
    role,
    time_zone: timeZone,
    password_hash: password === null ? null : await hash(password),
    created_at: now,
    updated_at: now,
    deactivated_at: null,
  };
}

/** Inserts a prepared user inside the caller's transaction; a taken email is a 409. */
export async function insertNewUser(q: Q, row: Awaited<ReturnType<typeof prepareUserRow>>): Promise<m.User> {
  if (await store.findUserByEmail(q, row.email)) throw new ConflictError(`A user with email ${row.email} already exists`);
  try {
    await store.insertUser(q, row);
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`A user with email ${row.email} already exists`);
    throw err;
  }
  return m.toUserJson(row);
}

/** Creates a user (admins; only owners make owners). Used by the API and by `tocsin user create`. */
export async function createUser(ctx: Ctx, input: NewUser): Promise<m.User> {
  const row = await prepareUserRow(input, ctx.clock.now().getTime());
  if (!m.mayAssignRole(actingRole(ctx), null, row.role)) throw new ForbiddenError(`Your role cannot create a user with role ${row.role}`);
  const user = await ctx.db.tx((q) => insertNewUser(q, row));
  ctx.log.info({ userId: user.id, role: user.role }, 'user created');
  return user;
}

export async function getUser(ctx: Ctx, id: string): Promise<m.User> {
  return m.toUserJson(await loadUser(ctx.db.kysely, id));
}

export async function findUserByEmail(ctx: Ctx, email: string): Promise<m.User | null> {
  const row = await store.findUserByEmail(ctx.db.kysely, email.trim());
  return row ? m.toUserJson(row) : null;
}

export async function listUsers(ctx: Ctx, query: ListQuery): Promise<Page<m.User>> {
  const input = toListInput(query);
  return toPage(await store.listUsers(ctx.db.kysely, input), input.limit, m.toUserJson);
}

/**
 * Throws 409 when the change would leave no active owner. Takes the `owners` lock first, so two
 * owners demoting each other at the same moment are checked one after the other; `load` re-reads
 * the target under the lock.
 */
async function keepAnOwner(ctx: Ctx, q: Q, load: () => Promise<{ role: Role; deactivated_at: number | null }>, staysOwner: boolean): Promise<void> {
  await lockNamed(q, ctx.db.dialect, 'owners');
  const target = await load();
  const isActiveOwner = target.role === 'owner' && target.deactivated_at === null;
  if (!isActiveOwner || staysOwner) return;
  if (m.leavesNoOwner(await store.countActiveOwners(q), isActiveOwner, staysOwner)) {
    throw new ConflictError('This is the last active owner; make someone else an owner first');
  }
}

/** Admins change anyone below owner (owners change owners); people change their own name, zone, password. */
export async function updateUser(ctx: Ctx, id: string, patch: UserPatch): Promise<m.User> {
  const target = await loadUser(ctx.db.kysely, id);
  const actor = actingRole(ctx);
  const self = ctx.actor.kind === 'user' && ctx.actor.userId === id;
  const role = patch.role === undefined ? target.role : m.checkRole(patch.role);
  if (role !== target.role && !m.mayAssignRole(actor, target.role, role)) {
    throw new ForbiddenError(`Your role cannot make this user ${role}`);
  }
  if (!self && !m.mayAssignRole(actor, target.role, target.role)) throw new ForbiddenError('You may only change your own profile');
  const set: Partial<typeof target> = {};
  if (patch.name !== undefined) set.name = m.checkName(patch.name);
  if (patch.time_zone !== undefined) set.time_zone = m.checkTimeZone(patch.time_zone);
  if (role !== target.role) set.role = role;
  if (patch.password !== undefined) {
    const password = m.checkPassword(patch.password);
    if (self) await checkCurrentPassword(target.password_hash, patch.current_password);
    set.password_hash = await hash(password);
  }
  const now = ctx.clock.now().getTime();
  await ctx.db.tx(async (q) => {
    await keepAnOwner(ctx, q, () => loadUser(q, id), role === 'owner');
    await store.updateUser(q, id, { ...set, updated_at: now });
    // Sessions started with the old password end (someone may have learned it), except the
    // one in which the person changed it themselves.
    if (set.password_hash) await store.deleteUserSessions(q, id, self && ctx.actor.kind === 'user' ? ctx.actor.sessionId : undefined);
  });
  return m.toUserJson({ ...target, ...set, updated_at: now });
}

async function checkCurrentPassword(stored: string | null, given: string | undefined): Promise<void> {
  if (stored === null) return; // no password yet: setting the first one
  if (given === undefined) throw new ValidationError('current_password is required to change your password', 'current_password');
  if (!(await verify(stored, given).catch(() => false))) throw new ValidationError('current_password is wrong', 'current_password');
}

/** Deactivates a user: history keeps the name; sessions end and tokens are revoked at once. */
export async function deactivateUser(ctx: Ctx, id: string): Promise<void> {
  const target = await loadUser(ctx.db.kysely, id);
  if (!m.mayDeactivate(actingRole(ctx), target.role)) throw new ForbiddenError('Only an owner can deactivate an owner');
  if (target.deactivated_at !== null) return;
  const now = ctx.clock.now().getTime();
  await ctx.db.tx(async (q) => {
    await keepAnOwner(ctx, q, () => loadUser(q, id), false);
    await store.updateUser(q, id, { deactivated_at: now, updated_at: now });
    await store.deleteUserSessions(q, id);
    await store.revokeUserTokens(q, id, now);
  });
  ctx.log.info({ userId: id }, 'user deactivated');
}

/** Undoes a deactivation: the person may sign in again (old tokens stay revoked). */
export async function reactivateUser(ctx: Ctx, id: string): Promise<m.User> {
  const target = await loadUser(ctx.db.kysely, id);
  if (!m.mayDeactivate(actingRole(ctx), target.role)) throw new ForbiddenError('Only an owner can reactivate an owner');
  if (target.deactivated_at === null) throw new ConflictError(`${target.name} is already active`);
  const now = ctx.clock.now().getTime();
  await ctx.db.tx((q) => store.updateUser(q, id, { deactivated_at: null, updated_at: now }));
  ctx.log.info({ userId: id }, 'user reactivated');
  return m.toUserJson({ ...target, deactivated_at: null, updated_at: now });
}

/**
 * On first start with no users, makes a one-time setup token (only its hash is kept, replacing
 * any earlier one) and returns the link that creates the owner account; null once a user exists.
 */
export async function prepareFirstRunSetup(deps: Kernel): Promise<string | null> {
  return deps.db.tx(async (q) => {
    if ((await store.countUsers(q)) > 0) {
      await store.deleteSetting(q, SETUP_TOKEN_KEY);
      return null;
    }
    const token = newSecret();
    await store.putSetting(q, SETUP_TOKEN_KEY, hashSecret(token));
    return `${deps.config.publicUrl}/setup?token=${token}`;
  });
}
