import type { Static } from 'typebox';
import { toIso } from '../../core/clock.js';
import { roleAtLeast, runner, type Ctx, type TxCtx } from '../../core/context.js';
import { isUniqueViolation } from '../../core/db/index.js';
import { inTransaction } from '../../core/events.js';
import { ConflictError, ForbiddenError, NotFoundError, RateLimitedError, ValidationError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { sendLater } from '../../core/outbox/index.js';
import { actingRole, findActiveUserRef } from '../../users/service.js';
import { checkCode, checkLabel, checkMethod, CODE_TTL_MS, hashCode, MAX_CODE_ATTEMPTS, MAX_METHODS_PER_USER, newCode, payloadFor, RESEND_INTERVAL_MS, verifyContent, type MethodInput } from './model.js';
import { addDefaultRules } from './rules.js';
import { loadMine, me } from './access.js';
import type * as S from './schemas.js';
import { parseDetails } from './service.js';
import * as store from './store.js';
import type { ContactMethodsTable } from './tables.js';

// Contact methods: add (a code goes out at once), verify, send a new code, relabel, remove.
// Only the person's own methods are changed here; admins may read anyone's.

type MethodJson = Static<typeof S.MethodSchema>;

export const toMethodJson = (r: ContactMethodsTable): MethodJson => ({
  id: r.id,
  user_id: r.user_id,
  channel: r.channel,
  address: r.address,
  label: r.label,
  details: parseDetails(r.details),
  verified: r.verified_at !== null,
  verified_at: toIso(r.verified_at === null ? null : Number(r.verified_at)),
  disabled_at: toIso(r.disabled_at === null ? null : Number(r.disabled_at)),
  code_expires_at: r.verified_at === null && r.verify_expires_at !== null ? toIso(Number(r.verify_expires_at)) : null,
  code_attempts_left: r.verified_at === null && r.verify_code_hash !== null ? Math.max(0, MAX_CODE_ATTEMPTS - r.verify_attempts) : 0,
  created_at: toIso(Number(r.created_at))!,
  updated_at: toIso(Number(r.updated_at))!,
});

export async function listMethods(ctx: Ctx, userId: string): Promise<{ items: MethodJson[]; next_cursor: null }> {
  if (userId !== me(ctx) && !roleAtLeast(actingRole(ctx), 'admin')) throw new ForbiddenError('Only admins see other people’s contact methods');
  if (!(await findActiveUserRef(ctx, userId))) throw new NotFoundError('User', userId);
  return { items: (await store.methodsOf(runner(ctx), [userId])).map(toMethodJson), next_cursor: null };
}

/** Puts a fresh code on the method and sends it; `sent` is the count before (compare-and-set). */
async function sendCode(ctx: TxCtx, row: ContactMethodsTable, now: number): Promise<boolean> {
  const code = newCode();
  const n = row.verify_sent + 1;
  const fresh = { verify_code_hash: hashCode(row.id, code), verify_expires_at: now + CODE_TTL_MS, verify_attempts: 0, verify_sent: n, verify_sent_at: now, updated_at: now };
  if (!(await store.setCode(ctx.tx, row.id, row.verify_sent, fresh))) return false;
  const step = { channel: row.channel, address: row.address, details: parseDetails(row.details), contact_method_id: row.id };
  await sendLater(ctx, { channel: row.channel, key: `verify:${row.id}:${n}`, payload: payloadFor(step, verifyContent(code, row.user_id)), maxAttempts: 5 });
  return true;
}

/** A code must be able to reach the address: on a channel nobody configured here, none can. */
function requireSendable(channel: string, sendable: ReadonlySet<string>): void {
  if (!sendable.has(channel)) throw new ValidationError(`${channel} is not configured on this server, so no code can reach this address: ask an admin`, 'channel');
}

/** Adds a method and sends its code; refused on a channel this server cannot send on (`sendable`: configuredChannels). */
export async function addMethod(ctx: Ctx, input: MethodInput & { label?: string }, sendable: ReadonlySet<string>): Promise<MethodJson> {
  const userId = me(ctx);
  const checked = checkMethod(input);
  requireSendable(checked.channel, sendable);
  const label = checkLabel(input.label);
  const now = ctx.clock.now().getTime();
  try {
    const id = await inTransaction(ctx, async (t) => {
      const same = (await store.methodsOf(t.tx, [userId])).find((m) => m.channel === checked.channel && m.address === checked.address);
      if (same && same.disabled_at === null) throw new ConflictError(`You already have this ${checked.channel} address`);
      if (same) return revive(t, same, checked.details, label, now);
      if ((await store.countMethods(t.tx, userId)) >= MAX_METHODS_PER_USER) throw new ValidationError(`At most ${MAX_METHODS_PER_USER} contact methods per person`, 'channel');
      const row: ContactMethodsTable = {
        id: newId('cm'),
        user_id: userId,
        ...checked,
        details: checked.details === null ? null : JSON.stringify(checked.details),
        label,
        verified_at: null,
        verify_code_hash: null,
        verify_expires_at: null,
        verify_attempts: 0,
        verify_sent: 0,
        verify_sent_at: null,
        disabled_at: null,
        created_at: now,
        updated_at: now,
      };
      await store.insertMethod(t.tx, row);
      await sendCode(t, row, now);
      return row.id;
    });
    return toMethodJson((await store.findMethod(runner(ctx), id))!);
  } catch (err) {
    // Two adds of one address at once: the unique key lets one in.
    if (isUniqueViolation(err)) throw new ConflictError(`You already have this ${checked.channel} address`);
    throw err;
  }
}

/** A disabled address added again (a push subscription renewed): enabled, unverified, a new code; its rules stay. */
async function revive(t: TxCtx, row: ContactMethodsTable, details: Record<string, unknown> | null, label: string, now: number): Promise<string> {
  const patch = { details: details === null ? null : JSON.stringify(details), label: label || row.label, disabled_at: null, verified_at: null, updated_at: now };
  await store.updateMethod(t.tx, row.id, patch);
  await sendCode(t, { ...row, ...patch }, now);
  return row.id;
}

export async function relabelMethod(ctx: Ctx, id: string, rawLabel: string): Promise<MethodJson> {
  const label = checkLabel(rawLabel);
  await loadMine(ctx, id);
  await store.updateMethod(runner(ctx), id, { label, updated_at: ctx.clock.now().getTime() });
  return toMethodJson(await loadMine(ctx, id));
}

/** Removes a method and its rules (the database cascades). */
export async function removeMethod(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, async (t) => {
    await loadMine(t, id);
    await store.removeMethod(t.tx, id);
  });
}

const CODE_ERRORS = {
  wrong: (left: number) => `code is wrong; ${left} attempt${left === 1 ? '' : 's'} left`,
  expired: () => 'code has expired: ask for a new one (resend-code)',
  exhausted: () => 'too many wrong codes: ask for a new one (resend-code)',
  none: () => 'no code was sent: ask for one (resend-code)',
};

/**
 * Checks a code. A wrong one is counted in its own committed transaction before the 400, so
 * guesses add up; the count is claimed atomically, so parallel guesses cannot share an attempt.
 */
export async function verifyMethod(ctx: Ctx, id: string, code: string): Promise<MethodJson> {
  const now = ctx.clock.now().getTime();
  const outcome = await inTransaction(ctx, async (t) => {
    const row = await loadMine(t, id);
    if (row.verified_at !== null) return { verdict: 'ok' as const, left: 0 };
    const verdict = checkCode(row, code, now);
    if (verdict !== 'ok' && verdict !== 'wrong') return { verdict, left: 0 };
    if (!(await store.claimCodeAttempt(t.tx, id, MAX_CODE_ATTEMPTS, now))) return { verdict: 'exhausted' as const, left: 0 };
    if (verdict === 'wrong') return { verdict, left: MAX_CODE_ATTEMPTS - row.verify_attempts - 1 };
    await store.updateMethod(t.tx, id, { verified_at: now, verify_code_hash: null, verify_expires_at: null, updated_at: now });
    await addDefaultRules(t, row.user_id, id, now);
    return { verdict, left: 0 };
  });
  if (outcome.verdict !== 'ok') throw new ValidationError(CODE_ERRORS[outcome.verdict](outcome.left), 'code');
  return toMethodJson(await loadMine(ctx, id));
}

/** Sends a new code (the old one stops working); at most one a minute per method. */
export async function resendCode(ctx: Ctx, id: string, sendable: ReadonlySet<string>): Promise<MethodJson> {
  const now = ctx.clock.now().getTime();
  await inTransaction(ctx, async (t) => {
    const row = await loadMine(t, id);
    if (row.verified_at !== null) throw new ConflictError('This contact method is already verified');
    requireSendable(row.channel, sendable);
    const wait = row.verify_sent_at === null ? 0 : Number(row.verify_sent_at) + RESEND_INTERVAL_MS - now;
    const tooSoon = () => new RateLimitedError(`A code was sent less than a minute ago; try again in ${Math.max(1, Math.ceil(wait / 1000))} s`, Math.max(1, Math.ceil(wait / 1000)));
    if (wait > 0) throw tooSoon();
    if (!(await sendCode(t, row, now))) throw tooSoon();
  });
  return toMethodJson(await loadMine(ctx, id));
}
