import { toIso } from '../core/clock.js';
import type { TxCtx } from '../core/context.js';
import { schedule } from '../core/engine/index.js';
import type { DomainEvent } from '../core/events.js';
import { newId } from '../core/ids.js';
import { pagingPolicy, tierReachAt } from '../escalation/service.js';
import type { IncidentJson, Severity } from '../incidents/model.js';
import { getIncident, recordOnTimeline } from '../incidents/service.js';
import { escalationPolicyOf } from '../services/service.js';
import { nextBusinessStart, planSteps } from './model.js';
import { asSystem, noticeTeam, pagePeople, recordPaged, type PageRequest } from './pages.js';
import { pagingSettingsOf } from './settings.js';
import * as store from './store.js';
import type { EscalationsTable } from './tables.js';

// An incident's escalation: when it is declared, one escalation per escalation policy its
// services use; each tier fires once per round when its delay has passed (and its severity
// condition holds), paging the people it reaches at that moment.

export const STEP_JOB = 'paging.step';
export interface StepJob {
  escalation_id: string;
  why?: PageRequest['why'];
}

type Policy = NonNullable<Awaited<ReturnType<typeof pagingPolicy>>>;

async function notPaged(ctx: TxCtx, incidentId: string, reason: string): Promise<void> {
  await recordOnTimeline(asSystem(ctx), incidentId, 'not_paged', { reason });
}

/** Each policy the incident's services use, with the first service that uses it. */
async function policiesOf(ctx: TxCtx, serviceIds: readonly string[]): Promise<Map<string, { id: string; name: string }>> {
  const out = new Map<string, { id: string; name: string }>();
  for (const sid of serviceIds) {
    const svc = await escalationPolicyOf(ctx, sid);
    if (svc.escalation_policy_id && !out.has(svc.escalation_policy_id)) out.set(svc.escalation_policy_id, { id: svc.id, name: svc.name });
  }
  return out;
}

/** `incident.declared`: plans the escalations in the declaring transaction, firing what is due now at once. */
export async function startPaging(ctx: TxCtx, e: DomainEvent): Promise<void> {
  const d = e.data as { incident: { id: string }; severity: Severity; service_ids: string[] };
  const now = e.at;
  const incidentId = d.incident.id;
  // No service: a tracked incident nobody asked to be paged for (the panel says "no escalation").
  if (!d.service_ids.length) return;
  const policies = await policiesOf(ctx, d.service_ids);
  if (!policies.size) return notPaged(ctx, incidentId, 'No service of this incident has an escalation policy');
  const settings = await pagingSettingsOf(ctx, [...policies.values()].map((s) => s.id));
  for (const [policyId, service] of policies) {
    const s = settings.get(service.id)!;
    const urgency = s.urgencies[d.severity];
    if (urgency === 'none') {
      await notPaged(ctx, incidentId, `${d.severity} pages nobody for ${service.name}: a tracked incident only`);
      continue;
    }
    const startAt = urgency === 'low' ? nextBusinessStart(s.business_hours, now) : now;
    const id = newId('escl');
    const row: EscalationsTable = { id, incident_id: incidentId, policy_id: policyId, service_id: service.id, urgency, state: startAt > now ? 'waiting' : 'active', started_at: startAt, acknowledged_at: null, first_round: 0, created_at: now, updated_at: now };
    if (!(await store.insertEscalation(ctx.tx, row))) continue;
    if (startAt > now) {
      await recordOnTimeline(asSystem(ctx), incidentId, 'paging_deferred', { until: toIso(startAt), urgency });
      await schedule<StepJob>(ctx, { kind: STEP_JOB, key: `step:${id}:0:${startAt}`, payload: { escalation_id: id }, dueAt: startAt });
    } else {
      await advance(ctx, { escalation_id: id }, now);
    }
  }
}

/** Fires every step that is due and not fired yet, then schedules the next one. */
export async function advance(ctx: TxCtx, job: StepJob, now: number): Promise<void> {
  let esc = await store.lockEscalation(ctx.tx, job.escalation_id, ctx.db.dialect === 'postgres');
  if (!esc || esc.state === 'acknowledged' || esc.state === 'done') return;
  if (esc.state === 'waiting') {
    if (now < Number(esc.started_at)) return;
    await store.updateEscalation(ctx.tx, esc.id, { state: 'active' }, now);
    esc = { ...esc, state: 'active' };
  }
  const incident = await getIncident(ctx, { id: esc.incident_id });
  const policy = await pagingPolicy(ctx, esc.policy_id);
  if (!policy) {
    await store.updateEscalation(ctx.tx, esc.id, { state: 'done' }, now);
    return notPaged(ctx, incident.id, 'Its escalation policy was deleted');
  }
  const first = Number(esc.first_round);
  const fired = await firedSinceRestart(ctx, esc);
  const plan = planSteps({ tiers: policy.tiers, repeat: policy.repeat_count, severity: incident.severity, startedAt: Number(esc.started_at), now, fired });
  for (const step of plan.due) await fireStep(ctx, { esc, policy, incident, round: step.round + first, position: step.position, why: job.why }, now);
  if (plan.nextAt !== null) await schedule<StepJob>(ctx, { kind: STEP_JOB, key: `step:${esc.id}:${first}:${plan.nextAt}`, payload: { escalation_id: esc.id }, dueAt: plan.nextAt });
}

/** The steps fired since the escalation last restarted, as `${round}:${position}` counted from that restart (planSteps' terms). */
export async function firedSinceRestart(ctx: TxCtx, esc: EscalationsTable): Promise<Set<string>> {
  const first = Number(esc.first_round);
  return new Set((await store.firedSteps(ctx.tx, esc.id)).filter((s) => s.round >= first).map((s) => `${s.round - first}:${s.position}`));
}

interface Step {
  esc: EscalationsTable;
  policy: Policy;
  incident: IncidentJson;
  round: number;
  position: number;
  why?: PageRequest['why'];
}

/**
 * One tier, once: the people it reaches now are paged; nobody is never a silent skip. Who it
 * reaches is read before the claim so that the claim records how many (no update after); the
 * claim still decides whether the tier fires. The incident as read in this transaction names
 * its commander, and the escalation is active and held here, so neither is read again.
 */
async function fireStep(ctx: TxCtx, s: Step, now: number): Promise<void> {
  const { esc, policy, incident, round, position } = s;
  const commander = incident.roles.commander ? { user_id: incident.roles.commander.id, user_name: incident.roles.commander.name } : null;
  const reach = await tierReachAt(ctx, policy, position, now, commander);
  const people = reach?.people ?? [];
  if (!(await store.claimStep(ctx.tx, { escalation_id: esc.id, round, position, fired_at: now, people: people.length }))) return;
  if (!people.length) {
    await recordOnTimeline(asSystem(ctx), incident.id, 'escalation_gap', { tier: position, round, gaps: reach?.gaps ?? [] });
    await noticeTeam(ctx, policy.team_id, incident, `Tier ${position} of ${policy.name} reached nobody`, `gap:${esc.id}:${round}:${position}`);
    return;
  }
  const req: PageRequest = { incident, people, urgency: esc.urgency, reason: 'escalation', escalation: { id: esc.id, round, position }, why: s.why };
  const { unreachable } = await pagePeople(ctx, req, now, { escalationActive: true });
  await recordPaged(ctx, req, unreachable);
  if (unreachable.length) {
    await noticeTeam(ctx, policy.team_id, incident, `${unreachable.map((u) => u.name).join(', ')} cannot be reached (no verified contact method)`, `unreachable:${esc.id}:${round}:${position}`);
  }
}
