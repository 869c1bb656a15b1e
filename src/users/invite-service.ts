import { hash } from '@node-rs/argon2';
import { toIso } from '../core/clock.js';
import { roleAtLeast, type Ctx } from '../core/context.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../core/errors.js';
import { newSecret } from '../core/ids.js';
import { hashSecret } from '../core/secrets.js';
import * as m from './model.js';
import { actingRole, insertNewUser, prepareUserRow } from './service.js';
import { startSession, type SessionOptions, type SignedIn } from './session-service.js';
import * as store from './store.js';

// Inviting a teammate: an admin names the person; they get a one-time link (only its hash is
// kept, like the setup token) that sets their own password and signs them in. Until the outbox
// can send mail, the link is answered once to the admin, who passes it on.

export interface InviteInput {
  email: string;
  name: string;
  role: string;
  time_zone?: string;
}

export interface Invitation {
  user: m.User;
  invite_url: string;
  expires_at: string;
}

export interface InvitationView {
  name: string;
  email: string;
  expires_at: string;
  /** False when it expired or the person was deactivated. */
  valid: boolean;
}

const USED = 'This invitation link was used, replaced by a newer one, or never existed; ask an admin for a new one';
const EXPIRED = 'This invitation link has expired or was already used; ask an admin for a new one';

/**
 * Invites a person by email (creating them without a password), or invites again someone who
 * has not set a password yet: their name, role and zone are updated and the old link stops working.
 */
export async function inviteUser(ctx: Ctx, input: InviteInput, publicUrl: string): Promise<Invitation> {
  const now = ctx.clock.now().getTime();
  const row = await prepareUserRow({ ...input, password: null }, now);
  const actor = actingRole(ctx);
  const token = newSecret();
  const expiresAt = now + m.INVITE_TTL_MS;
  const user = await ctx.db.tx(async (q) => {
    const existing = await store.findUserByEmail(q, row.email);
    let user: m.User;
    if (existing) {
      if (existing.password_hash !== null) throw new ConflictError(`${existing.email} already has an account; they can sign in`);
      if (existing.deactivated_at !== null) throw new ConflictError(`${existing.email} is deactivated; reactivate them first`);
      if (!m.mayAssignRole(actor, existing.role, row.role)) throw new ForbiddenError(`Your role cannot invite a user with role ${row.role}`);
      const set = { name: row.name, role: row.role, time_zone: row.time_zone, updated_at: now };
      await store.updateUser(q, existing.id, set);
      user = m.toUserJson({ ...existing, ...set });
    } else {
      if (!m.mayAssignRole(actor, null, row.role)) throw new ForbiddenError(`Your role cannot invite a user with role ${row.role}`);
      user = await insertNewUser(q, row);
    }
    const invitedBy = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
    await store.putInvitation(q, { user_id: user.id, token_hash: hashSecret(token), invited_by: invitedBy, created_at: now, expires_at: expiresAt });
    return user;
  });
  ctx.log.info({ userId: user.id, role: user.role }, 'user invited');
  return { user, invite_url: `${publicUrl}/invite/${token}`, expires_at: toIso(expiresAt)! };
}

/** Who an invitation link is for, and whether it still works; 404 when it is unknown or used. */
export async function viewInvitation(ctx: Ctx, token: string): Promise<InvitationView> {
  const inv = await store.findInvitation(ctx.db.kysely, hashSecret(token));
  if (!inv) throw new NotFoundError('Invitation');
  const valid = inv.expires_at > ctx.clock.now().getTime() && inv.deactivated_at === null;
  return { name: inv.name, email: inv.email, expires_at: toIso(inv.expires_at)!, valid };
}

/** Sets the invited person's password, uses up the link and signs them in. */
export async function acceptInvitation(ctx: Ctx, token: string, password: string, opts: SessionOptions): Promise<SignedIn> {
  const passwordHash = await hash(m.checkPassword(password));
  const now = ctx.clock.now().getTime();
  const tokenHash = hashSecret(token);
  const result = await ctx.db.tx(async (q) => {
    const inv = await store.findInvitation(q, tokenHash);
    if (!inv) throw new ForbiddenError(USED);
    if (inv.deactivated_at !== null) throw new ForbiddenError('This account is deactivated; ask an admin');
    // Deleting the row is the claim: of two racing requests only one deletes it.
    if (!(await store.claimInvitation(q, tokenHash, now))) throw new ForbiddenError(EXPIRED);
    await store.updateUser(q, inv.user_id, { password_hash: passwordHash, updated_at: now });
    await store.deleteUserSessions(q, inv.user_id);
    const row = await store.findUserById(q, inv.user_id);
    return { user: m.toUserJson(row!), session: await startSession(q, inv.user_id, now, opts) };
  });
  ctx.log.info({ userId: result.user.id }, 'invitation accepted');
  return result;
}

/** Invitations waiting to be used (admins): the People page marks these people "invited". */
export async function pendingInvitations(ctx: Ctx) {
  if (!roleAtLeast(actingRole(ctx), 'admin')) throw new ForbiddenError('Seeing invitations needs the admin role');
  const now = ctx.clock.now().getTime();
  return (await store.pendingInvitations(ctx.db.kysely)).map((i) => ({
    user_id: i.user_id,
    invited_by: i.invited_by,
    created_at: toIso(Number(i.created_at))!,
    expires_at: toIso(Number(i.expires_at))!,
    expired: Number(i.expires_at) <= now,
  }));
}
