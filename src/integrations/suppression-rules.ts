import type { Static } from 'typebox';
import { actingRoleOf, roleAtLeast, runner, type Ctx } from '../core/context.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { getService } from '../services/service.js';
import { KEY_TYPES } from './model.js';
import type * as S from './schemas.js';
import * as store from './store.js';
import { toRule, toRuleJson, type Rule, type SuppressionRuleJson } from './suppression.js';
import type { SuppressionRulesTable } from './tables.js';

// Suppression rules: admins make and delete them; intake reads them from a short-lived cache
// (every event consults them, so they must cost nothing), dropped whenever a rule changes here.

export type NewRule = Static<typeof S.NewRuleBody>;

/** How long another server's rule change may take to reach this one. */
export const RULES_TTL_MS = 10_000;

const cache = new WeakMap<object, { at: number; rules: Rule[] }>();

/** The rules intake applies, oldest first: from the cache while it is fresh. */
export async function activeRules(ctx: Ctx): Promise<Rule[]> {
  const now = ctx.clock.now().getTime();
  const hit = cache.get(ctx.db);
  if (hit && now >= hit.at && now - hit.at < RULES_TTL_MS) return hit.rules;
  const rules = (await store.listRules(runner(ctx))).map(toRule);
  cache.set(ctx.db, { at: now, rules });
  return rules;
}

function requireAdmin(ctx: Ctx): void {
  if (!roleAtLeast(actingRoleOf(ctx.actor), 'admin')) throw new ForbiddenError('Only admins manage suppression rules');
}

export async function createRule(ctx: Ctx, input: NewRule): Promise<SuppressionRuleJson> {
  requireAdmin(ctx);
  const name = input.name.trim();
  if (!name) throw new ValidationError('name must not be blank', 'name');
  const serviceId = input.service_id ?? null;
  if (serviceId !== null && !(await getService(ctx, serviceId).catch(() => null))) throw new ValidationError(`no service ${serviceId}`, 'service_id');
  const source = input.source ?? null;
  if (source !== null && !(KEY_TYPES as readonly string[]).includes(source) && !(await store.keyExists(runner(ctx), source)))
    throw new ValidationError(`source must be an integration key id or one of ${KEY_TYPES.join(', ')}`, 'source');
  const row: SuppressionRulesTable = {
    id: newId('sup'),
    name,
    service_id: serviceId,
    source,
    severity: input.severity ?? null,
    match: JSON.stringify(input.match ?? {}),
    action: input.action,
    matched_events: 0,
    last_matched_at: null,
    created_by: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
    created_at: ctx.clock.now().getTime(),
  };
  await store.insertRule(ctx.db.kysely, row);
  cache.delete(ctx.db);
  return toRuleJson(row);
}

/** Every rule with how many events it suppressed, oldest first (the order they are tried in). */
export async function listRules(ctx: Ctx): Promise<SuppressionRuleJson[]> {
  return (await store.listRules(runner(ctx))).map(toRuleJson);
}

export async function deleteRule(ctx: Ctx, id: string): Promise<void> {
  requireAdmin(ctx);
  if (!(await store.deleteRule(ctx.db.kysely, id))) throw new NotFoundError('Suppression rule', id);
  cache.delete(ctx.db);
}
