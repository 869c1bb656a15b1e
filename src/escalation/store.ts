import type { Insertable, Updateable } from 'kysely';
import type { Q } from '../core/db/index.js';
import { afterKeySql, nameContainsSql, type ListInput } from '../core/lists.js';
import type { EscalationPoliciesTable, EscalationTargetsTable, EscalationTiersTable } from './tables.js';
import { prepared } from '../core/db/prepared.js';

// Escalation policies, their tiers and targets: the only place their SQL lives.

export async function findById(q: Q, id: string) {
  return q.selectFrom('escalation_policies').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Names are unique regardless of case. */
export async function findByName(q: Q, name: string) {
  return q.selectFrom('escalation_policies').selectAll().where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();
}

export async function insert(q: Q, row: Insertable<EscalationPoliciesTable>): Promise<void> {
  await q.insertInto('escalation_policies').values(row).execute();
}

export async function update(q: Q, id: string, patch: Updateable<EscalationPoliciesTable>): Promise<void> {
  await q.updateTable('escalation_policies').set(patch).where('id', '=', id).execute();
}

export async function remove(q: Q, id: string): Promise<void> {
  await q.deleteFrom('escalation_policies').where('id', '=', id).execute();
}

export async function list(q: Q, input: ListInput) {
  let query = q.selectFrom('escalation_policies').selectAll().orderBy('name').orderBy('id').limit(input.limit + 1);
  if (input.after) query = query.where(afterKeySql(input.after));
  if (input.q) query = query.where(nameContainsSql(input.q));
  return query.execute();
}

export async function tiersOf(q: Q, policyIds: string[]) {
  if (policyIds.length === 0) return [];
  return q.selectFrom('escalation_tiers').selectAll().where('policy_id', 'in', policyIds).orderBy('policy_id').orderBy('position').execute();
}

export async function targetsOf(q: Q, tierIds: string[]) {
  if (tierIds.length === 0) return [];
  return q.selectFrom('escalation_targets').selectAll().where('tier_id', 'in', tierIds).orderBy('tier_id').orderBy('position').execute();
}

/**
 * A policy with its tiers and their targets in one statement (paging reads it at every step):
 * one row per target in order; a tier without targets gives one row with no target, a policy
 * without tiers one row with no tier.
 */
export async function policyWithTiers(q: Q, id: string) {
  return POLICY_WITH_TIERS.all(q, { id });
}
// Prepared (db/prepared.ts): every escalation step reads it.
const POLICY_WITH_TIERS = prepared((db, p: { id: string }) =>
  db
    .selectFrom('escalation_policies as p')
    .leftJoin('escalation_tiers as t', 't.policy_id', 'p.id')
    .leftJoin('escalation_targets as x', 'x.tier_id', 't.id')
    .select(['p.id', 'p.name', 'p.team_id', 'p.repeat_count', 'p.ack_timeout_minutes', 't.id as tier_id', 't.position', 't.delay_minutes', 't.severities', 'x.kind', 'x.target_id'])
    .where('p.id', '=', p.id)
    .orderBy('t.position')
    .orderBy('x.position'),
);

/** Replaces every tier of a policy (their targets go with them). */
export async function replaceTiers(q: Q, policyId: string, tiers: Insertable<EscalationTiersTable>[], targets: Insertable<EscalationTargetsTable>[]): Promise<void> {
  await q.deleteFrom('escalation_tiers').where('policy_id', '=', policyId).execute();
  if (tiers.length) await q.insertInto('escalation_tiers').values(tiers).execute();
  if (targets.length) await q.insertInto('escalation_targets').values(targets).execute();
}
