import type { TxCtx } from '../core/context.js';
import { newSecret } from '../core/ids.js';
import type { Kernel } from '../core/module.js';
import { hashSecret } from '../core/secrets.js';
import { actOnPage, type PageActionKind, type PageActionResult } from './actions.js';
import * as store from './links-store.js';

// Signed, single-use, expiring links that acknowledge or resolve an incident without signing in
// (email, push and chat buttons). The token is 32 random bytes and is the credential; only its
// SHA-256 is stored. A link acts once: the UPDATE that marks it used is the check (never a read
// then a write), so two clicks at once act once.

export interface ActionLinksInput {
  userId: string;
  incidentId: string;
  expiresAt: number;
  /** config.publicUrl: the address people reach Tocsin at (the ctx carries no configuration). */
  publicUrl: string;
}

export interface ActionLinks {
  ackUrl: string;
  resolveUrl: string;
  ackToken: string;
  resolveToken: string;
}

export type RedeemError = { error: 'unknown' | 'expired' | 'used' };

/** actOnPage's answer, and what the link did (a page showing the result needs it). */
export type RedeemedLink = PageActionResult & { action: PageActionKind };

/** What a link would do, for the page that asks before acting (GET must not act). */
export type LinkState = { state: 'ready' | 'expired' | 'used'; userId: string; incidentId: string; action: PageActionKind } | { state: 'unknown' };

/** Tokens are newSecret(32): 43 base64url characters. Anything else is not one of ours. */
const TOKEN = /^[A-Za-z0-9_-]{32,64}$/;

export const actionUrl = (publicUrl: string, token: string): string => `${publicUrl.replace(/\/+$/, '')}/act/${token}`;

/** Two independent links for one page: acknowledging with one leaves the other able to resolve. */
export async function createActionLinks(ctx: TxCtx, input: ActionLinksInput): Promise<ActionLinks> {
  return (await createAllActionLinks(ctx, [input]))[0]!;
}

/** The links of several pages, in one insert (a batch of escalation steps). */
export async function createAllActionLinks(ctx: TxCtx, inputs: readonly ActionLinksInput[]): Promise<ActionLinks[]> {
  const now = ctx.clock.now().getTime();
  const row = (input: ActionLinksInput, token: string, action: PageActionKind) => ({
    token_hash: hashSecret(token),
    user_id: input.userId,
    incident_id: input.incidentId,
    action,
    created_at: now,
    expires_at: input.expiresAt,
    used_at: null,
  });
  const links = inputs.map((input) => {
    const ackToken = newSecret(32);
    const resolveToken = newSecret(32);
    return { input, ackToken, resolveToken, ackUrl: actionUrl(input.publicUrl, ackToken), resolveUrl: actionUrl(input.publicUrl, resolveToken) };
  });
  await store.insertLinks(ctx.tx, links.flatMap((l) => [row(l.input, l.ackToken, 'acknowledge'), row(l.input, l.resolveToken, 'resolve')]));
  return links.map(({ ackUrl, resolveUrl, ackToken, resolveToken }) => ({ ackUrl, resolveUrl, ackToken, resolveToken }));
}

export async function inspectActionToken(kernel: Kernel, token: string): Promise<LinkState> {
  if (!TOKEN.test(token)) return { state: 'unknown' };
  const row = await store.findByHash(kernel.db.kysely, hashSecret(token));
  if (!row) return { state: 'unknown' };
  const now = kernel.clock.now().getTime();
  const state = row.used_at !== null ? 'used' : row.expires_at < now ? 'expired' : 'ready';
  return { state, userId: row.user_id, incidentId: row.incident_id, action: row.action };
}

/**
 * Acts with a link: marks it used atomically, then acknowledges or resolves as the person the
 * page went to, recording `via` (email, push, chat) on the timeline. If acting fails for a
 * reason that is not the answer's (the database is down), the link is given back so the person
 * can try again; an `already` outcome (someone else was first) keeps it used.
 */
export async function redeemActionToken(kernel: Kernel, token: string, via: string): Promise<RedeemedLink | RedeemError> {
  if (!TOKEN.test(token)) return { error: 'unknown' };
  const hash = hashSecret(token);
  const now = kernel.clock.now().getTime();
  const claimed = await store.claimLink(kernel.db.kysely, hash, now);
  if (!claimed) {
    const row = await store.findByHash(kernel.db.kysely, hash);
    return { error: !row ? 'unknown' : row.used_at !== null ? 'used' : 'expired' };
  }
  try {
    const result = await actOnPage(kernel, { userId: claimed.user_id, incident: claimed.incident_id, action: claimed.action, via });
    return { ...result, action: claimed.action };
  } catch (err) {
    await store.releaseLink(kernel.db.kysely, hash, now).catch(() => undefined);
    throw err;
  }
}
