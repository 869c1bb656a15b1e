import type { Ctx } from '../core/context.js';
import { RateLimitedError } from '../core/errors.js';
import { inTransaction } from '../core/events.js';
import * as store from './store.js';

const WINDOW_MS = 60_000;

export interface SignInLimits {
  /** Attempts per client address and email per minute: guessing one person's password. */
  perEmail: number;
  /** Attempts per client address per minute, whatever the emails: trying many people's. */
  perClient: number;
}

/**
 * Counts a sign-in attempt before the password is checked, in the database so that every
 * instance shares the count, and refuses with 429 (and when to retry) past either limit. The
 * client is the socket's address, never X-Forwarded-For unless the proxy is trusted.
 */
export async function throttleSignIn(ctx: Ctx, client: string, email: string, limits: SignInLimits): Promise<void> {
  const now = ctx.clock.now().getTime();
  const window = Math.floor(now / WINDOW_MS) * WINDOW_MS;
  const [byClient, byEmail] = await inTransaction(ctx, async (t) => {
    const counts = [await store.countSignInAttempt(t.tx, `client:${client}`, window), await store.countSignInAttempt(t.tx, `client+email:${client}|${email}`, window)];
    // The first attempt of a window clears the windows before it.
    if (counts[0] === 1) await store.forgetSignInAttempts(t.tx, window - WINDOW_MS);
    return counts as [number, number];
  });
  if (byEmail > limits.perEmail || byClient > limits.perClient) {
    const retryAfter = Math.max(1, Math.ceil((window + WINDOW_MS - now) / 1000));
    throw new RateLimitedError(`Too many sign-in attempts; try again in ${retryAfter} seconds`, retryAfter);
  }
}
