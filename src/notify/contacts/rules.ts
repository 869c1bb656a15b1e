import type { Static } from 'typebox';
import { toIso } from '../../core/clock.js';
import { runner, type Ctx, type TxCtx } from '../../core/context.js';
import { isForeignKeyViolation, isUniqueViolation } from '../../core/db/index.js';
import { inTransaction } from '../../core/events.js';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { loadMine, me } from './access.js';
import type * as S from './schemas.js';
import * as store from './store.js';
import type { Urgency } from './tables.js';

// Notification rules: which of my methods a page tries, how many minutes after it starts, per
// urgency (e.g. push at 0, SMS at 2, voice at 5). A rule may name an unverified method;
// readiness says it does not reach anyone yet, and paging skips it.

type RuleJson = Static<typeof S.RuleSchema>;
export interface NewRule {
  contact_method_id: string;
  urgency: Urgency;
  delay_minutes: number;
}

export async function listRules(ctx: Ctx): Promise<{ items: RuleJson[]; next_cursor: null }> {
  const userId = me(ctx);
  const q = runner(ctx);
  const channels = new Map((await store.methodsOf(q, [userId])).map((m) => [m.id, m.channel]));
  const rules = await store.rulesOf(q, [userId]);
  return {
    items: rules.map((r) => ({ id: r.id, contact_method_id: r.contact_method_id, channel: channels.get(r.contact_method_id)!, urgency: r.urgency, delay_minutes: r.delay_minutes, created_at: toIso(Number(r.created_at))! })),
    next_cursor: null,
  };
}

export async function addRule(ctx: Ctx, input: NewRule): Promise<RuleJson> {
  const userId = me(ctx);
  if (!Number.isInteger(input.delay_minutes) || input.delay_minutes < 0 || input.delay_minutes > 1440) throw new ValidationError('delay_minutes must be 0 to 1440', 'delay_minutes');
  const now = ctx.clock.now().getTime();
  const id = newId('nr');
  const taken = () => new ConflictError(`A ${input.urgency} urgency rule for this method at ${input.delay_minutes} min already exists`);
  try {
    const method = await inTransaction(ctx, async (t) => {
      const m = await loadMine(t, input.contact_method_id).catch(() => {
        throw new ValidationError(`contact_method_id: you have no contact method ${input.contact_method_id}`, 'contact_method_id');
      });
      await store.insertRules(t.tx, [{ id, user_id: userId, contact_method_id: m.id, urgency: input.urgency, delay_minutes: input.delay_minutes, created_at: now }]);
      return m;
    });
    return { id, contact_method_id: method.id, channel: method.channel, urgency: input.urgency, delay_minutes: input.delay_minutes, created_at: toIso(now)! };
  } catch (err) {
    if (isUniqueViolation(err)) throw taken();
    // The method was removed between the check and the insert.
    if (isForeignKeyViolation(err)) throw new ValidationError(`contact_method_id: you have no contact method ${input.contact_method_id}`, 'contact_method_id');
    throw err;
  }
}

export async function removeRule(ctx: Ctx, id: string): Promise<void> {
  const userId = me(ctx);
  const row = await store.findRule(runner(ctx), id);
  if (!row || row.user_id !== userId) throw new NotFoundError('Notification rule', id);
  await store.removeRule(runner(ctx), id);
}

/** A person verifying their first method with no rules gets it at 0 min for both urgencies: verified means reachable. */
export async function addDefaultRules(t: TxCtx, userId: string, methodId: string, now: number): Promise<void> {
  if ((await store.rulesOf(t.tx, [userId])).length > 0) return;
  const rule = (urgency: Urgency) => ({ id: newId('nr'), user_id: userId, contact_method_id: methodId, urgency, delay_minutes: 0, created_at: now });
  await store.insertRules(t.tx, [rule('high'), rule('low')]);
}
