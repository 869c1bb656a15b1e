import { roleAtLeast, type Ctx } from '../core/context.js';
import { ForbiddenError, NotFoundError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { hashSecret, newApiToken } from '../core/secrets.js';
import * as m from './model.js';
import * as store from './store.js';

// API tokens for scripts: the secret is shown once, only its SHA-256 is kept.

export interface NewApiToken {
  userId: string;
  name: string;
  /** Epoch ms or RFC 3339; null or absent: never expires. */
  expiresAt?: number | string | null;
}

export type CreatedApiToken = m.ApiToken & { token: string };

const expiryMs = (v: number | string | null | undefined): number | null =>
  v == null ? null : typeof v === 'number' ? v : m.parseTime(v, 'expires_at');

/** People mint tokens for themselves; offline commands (`tocsin token create`) for anyone. */
export async function createApiToken(ctx: Ctx, input: NewApiToken): Promise<CreatedApiToken> {
  if (ctx.actor.kind === 'integration') throw new ForbiddenError('Integrations cannot create API tokens');
  if (ctx.actor.kind === 'user' && ctx.actor.userId !== input.userId) throw new ForbiddenError('You can only create tokens for yourself');
  const now = ctx.clock.now().getTime();
  const name = m.checkName(input.name);
  const expiresAt = m.checkExpiry(expiryMs(input.expiresAt), now);
  const token = newApiToken();
  const row = {
    id: newId('tok'),
    user_id: input.userId,
    name,
    token_hash: hashSecret(token),
    prefix: m.tokenPrefix(token),
    created_at: now,
    last_used_at: null,
    expires_at: expiresAt,
    revoked_at: null,
  };
  await ctx.db.tx(async (q) => {
    const user = await store.findUserById(q, input.userId);
    if (!user) throw new NotFoundError('User', input.userId);
    if (user.deactivated_at !== null) throw new ForbiddenError('A deactivated user cannot have new tokens');
    await store.insertToken(q, row);
  });
  ctx.log.info({ tokenId: row.id, userId: input.userId }, 'API token created');
  return { ...m.toTokenJson(row), token };
}

/** The caller's own tokens, newest first, revoked ones included; never the secret. */
export async function listApiTokens(ctx: Ctx, userId: string): Promise<m.ApiToken[]> {
  return (await store.listTokensOf(ctx.db.kysely, userId)).map(m.toTokenJson);
}

/** The token's owner or an admin revokes it; it stops working at once. Revoking twice is fine. */
export async function revokeApiToken(ctx: Ctx, tokenId: string): Promise<void> {
  const row = await store.findTokenById(ctx.db.kysely, tokenId);
  if (!row) throw new NotFoundError('API token', tokenId);
  const mine = ctx.actor.kind === 'user' && ctx.actor.userId === row.user_id;
  const admin = ctx.actor.kind === 'system' || (ctx.actor.kind === 'user' && roleAtLeast(ctx.actor.role, 'admin'));
  if (!mine && !admin) throw new ForbiddenError('Only the token owner or an admin can revoke it');
  await store.revokeToken(ctx.db.kysely, tokenId, ctx.clock.now().getTime());
}
