import { runner, type Ctx } from '../../core/context.js';
import type { ChannelName } from '../content.js';
import * as store from './store.js';
import type { Urgency } from './tables.js';

// What paging asks of contacts: how each person is reached for an urgency, and marking an
// address dead when a provider says so. The API's use cases live in methods.ts, rules.ts and
// readiness.ts beside this file.

export type { Urgency } from './tables.js';

export interface ReachStep {
  rule_id: string;
  contact_method_id: string;
  channel: ChannelName;
  address: string;
  details: Record<string, unknown> | null;
  delay_minutes: number;
}

export const parseDetails = (raw: string | null): Record<string, unknown> | null => (raw === null ? null : (JSON.parse(raw) as Record<string, unknown>));

/**
 * Verified, not disabled methods with their rules for this urgency, by person, sorted by delay
 * then channel. Every id asked for is in the map; a person nobody can reach has an empty list
 * (paging logs that as a gap rather than skipping them in silence).
 */
export async function reachPlans(ctx: Ctx, userIds: readonly string[], urgency: Urgency): Promise<Map<string, ReachStep[]>> {
  const ids = [...new Set(userIds)];
  const out = new Map<string, ReachStep[]>(ids.map((id) => [id, []]));
  for (const r of await store.reachRows(runner(ctx), ids, urgency)) {
    out.get(r.user_id)!.push({
      rule_id: r.rule_id,
      contact_method_id: r.contact_method_id,
      channel: r.channel,
      address: r.address,
      details: parseDetails(r.details),
      delay_minutes: r.delay_minutes,
    });
  }
  return out;
}

/**
 * Stops paging an address its provider says is gone (a push subscription answered 404/410).
 * Idempotent; a method already deleted is not an error (the provider's report may come late).
 */
export async function disableContactMethod(ctx: Ctx, id: string): Promise<boolean> {
  const q = runner(ctx);
  const row = await store.findMethod(q, id);
  if (!row || row.disabled_at !== null) return false;
  const now = ctx.clock.now().getTime();
  await store.updateMethod(q, id, { disabled_at: now, updated_at: now });
  ctx.log.info({ contactMethodId: id, userId: row.user_id, channel: row.channel }, 'contact method disabled: its address is gone');
  return true;
}
