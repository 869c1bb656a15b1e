import { hash, verify } from '@node-rs/argon2';
import type { Ctx } from '../core/context.js';
import type { Q } from '../core/db/index.js';
import { UnauthorizedError } from '../core/errors.js';
import { newSecret } from '../core/ids.js';
import { hashSecret } from '../core/secrets.js';
import { toUserJson, type User } from './model.js';
import * as store from './store.js';

// Sign-in, sign-out and sessions. The cookie holds a random secret; the row holds its SHA-256.

export interface SessionStart {
  /** The cookie value; never stored. */
  secret: string;
  csrfToken: string;
  expiresAt: number;
}

export interface SignedIn {
  user: User;
  session: SessionStart;
}

export interface SessionOptions {
  ttlHours: number;
  userAgent?: string | null;
}

const BAD_CREDENTIALS = 'Wrong email or password';

// Unknown emails are checked against this hash so they take as long as a wrong password.
let dummyHash: Promise<string> | undefined;
const dummy = (): Promise<string> => (dummyHash ??= hash(`no user has this password ${newSecret()}`));

export async function startSession(q: Q, userId: string, now: number, opts: SessionOptions): Promise<SessionStart> {
  const secret = newSecret();
  const csrfToken = newSecret();
  const expiresAt = now + opts.ttlHours * 3_600_000;
  await store.deleteExpiredSessions(q, userId, now);
  await store.insertSession(q, {
    id: hashSecret(secret),
    user_id: userId,
    csrf_token: csrfToken,
    created_at: now,
    expires_at: expiresAt,
    last_seen_at: now,
    user_agent: opts.userAgent?.slice(0, 500) ?? null,
  });
  return { secret, csrfToken, expiresAt };
}

/**
 * Checks email and password and starts a session. A wrong password, an unknown email, a
 * deactivated account and an account without a password all answer the same 401.
 */
export async function signIn(ctx: Ctx, input: { email: string; password: string } & SessionOptions): Promise<SignedIn> {
  const user = await store.findUserByEmail(ctx.db.kysely, input.email.trim());
  const ok = await verify(user?.password_hash ?? (await dummy()), input.password).catch(() => false);
  if (!user || !user.password_hash || !ok || user.deactivated_at !== null) throw new UnauthorizedError(BAD_CREDENTIALS);
  const now = ctx.clock.now().getTime();
  const session = await ctx.db.tx((q) => startSession(q, user.id, now, input));
  ctx.log.info({ userId: user.id }, 'signed in');
  return { user: toUserJson(user), session };
}

/** Ends the session whose cookie this is; signing out twice is not an error. */
export async function signOut(ctx: Ctx, cookieSecret: string | undefined): Promise<void> {
  if (cookieSecret) await store.deleteSession(ctx.db.kysely, hashSecret(cookieSecret));
}

/** The CSRF token of the live session with this cookie, or null (token callers have none). */
export async function csrfTokenOf(ctx: Ctx, cookieSecret: string | undefined): Promise<string | null> {
  if (!cookieSecret) return null;
  const s = await store.findActiveSession(ctx.db.kysely, hashSecret(cookieSecret), ctx.clock.now().getTime());
  return s?.csrf_token ?? null;
}
