import { toIso } from '../core/clock.js';
import type { TxCtx } from '../core/context.js';
import { schedule } from '../core/engine/index.js';
import type { DomainEvent } from '../core/events.js';
import { newId } from '../core/ids.js';
import { pagingPolicy, tierReachAt } from '../escalation/service.js';
import type { IncidentJson, Severity } from '../incidents/model.js';
import { declaredNow, getIncidents, recordAllOnTimeline, recordOnTimeline } from '../incidents/service.js';
import { escalationPolicyOf } from '../services/service.js';
import { nextBusinessStart, planSteps } from './model.js';
import { asSystem, noticeTeam, pageAll, pagedFact, type PageRequest } from './pages.js';
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
      await advanceNew(ctx, row, now);
    }
  }
}

/** Fires every step that is due and not fired yet, then schedules the next one. */
export async function advance(ctx: TxCtx, job: StepJob, now: number): Promise<void> {
  await advanceAll(ctx, [job], now);
}

/**
 * advance for several escalations at once (the engine's batch of due step jobs): each table read
 * and written once for all of them, the escalations locked in id order. An escalation named by
 * two jobs goes round again after the first has fired what was due (then nothing more is).
 */
export async function advanceAll(ctx: TxCtx, jobs: readonly StepJob[], now: number): Promise<void> {
  let rest = [...jobs];
  while (rest.length) {
    const first = new Map<string, StepJob>();
    const again: StepJob[] = [];
    for (const j of rest) if (first.has(j.escalation_id)) again.push(j);
    else first.set(j.escalation_id, j);
    await advanceEach(ctx, first, now);
    rest = again;
  }
}

/**
 * advance for an escalation that startPaging inserted, active now, while the declaration of its
 * incident is announced: the escalation, the incident (declaredNow) and the steps fired (none) are
 * known, and both rows are this transaction's own (nobody else sees them before it commits):
 * neither is read back nor locked. Eight round trips fewer on PostgreSQL for a first page.
 */
async function advanceNew(ctx: TxCtx, esc: EscalationsTable, now: number): Promise<void> {
  const incident = declaredNow(ctx, esc.incident_id) ?? (await getIncidents(ctx, [esc.incident_id]))[0]!;
  await fireDue(ctx, new Map([[incident.id, incident]]), [esc], new Map(), new Map([[esc.id, { escalation_id: esc.id }]]), now);
}

async function advanceEach(ctx: TxCtx, jobs: ReadonlyMap<string, StepJob>, now: number): Promise<void> {
  const ids = [...jobs.keys()].sort();
  // The incidents first, then their escalations (getIncidentForChange says why).
  const incidents = new Map((await getIncidents(ctx, [...new Set(await store.incidentsOfEscalations(ctx.tx, ids))], { lock: true })).map((i) => [i.id, i]));
  const active: EscalationsTable[] = [];
  for (const esc of await store.lockEscalations(ctx.tx, ids, ctx.db.dialect === 'postgres')) {
    if (esc.state === 'acknowledged' || esc.state === 'done') continue;
    if (esc.state === 'waiting') {
      if (now < Number(esc.started_at)) continue;
      await store.updateEscalation(ctx.tx, esc.id, { state: 'active' }, now);
    }
    active.push({ ...esc, state: 'active' });
  }
  if (!active.length) return;
  const fired = new Map<string, { round: number; position: number }[]>();
  for (const s of await store.firedStepsOf(ctx.tx, active.map((e) => e.id))) fired.set(s.escalation_id, [...(fired.get(s.escalation_id) ?? []), s]);
  await fireDue(ctx, incidents, active, fired, jobs, now);
}

/**
 * The due steps of active escalations, held (or new) in this transaction with their incidents:
 * each fired, and the next one scheduled.
 */
async function fireDue(
  ctx: TxCtx,
  incidents: ReadonlyMap<string, IncidentJson>,
  active: readonly EscalationsTable[],
  fired: ReadonlyMap<string, readonly { round: number; position: number }[]>,
  jobs: ReadonlyMap<string, StepJob>,
  now: number,
): Promise<void> {
  const policies = new Map<string, Policy | null>();
  for (const id of new Set(active.map((e) => e.policy_id))) policies.set(id, await pagingPolicy(ctx, id));
  const steps: Step[] = [];
  for (const esc of active) {
    const incident = incidents.get(esc.incident_id)!;
    const policy = policies.get(esc.policy_id);
    if (!policy) {
      await store.updateEscalation(ctx.tx, esc.id, { state: 'done' }, now);
      await notPaged(ctx, incident.id, 'Its escalation policy was deleted');
      continue;
    }
    const first = Number(esc.first_round);
    const plan = planSteps({ tiers: policy.tiers, repeat: policy.repeat_count, severity: incident.severity, startedAt: Number(esc.started_at), now, fired: sinceRestart(esc, fired.get(esc.id) ?? []) });
    for (const step of plan.due) steps.push({ esc, policy, incident, round: step.round + first, position: step.position, why: jobs.get(esc.id)!.why });
    if (plan.nextAt !== null) await schedule<StepJob>(ctx, { kind: STEP_JOB, key: `step:${esc.id}:${first}:${plan.nextAt}`, payload: { escalation_id: esc.id }, dueAt: plan.nextAt });
  }
  await fireSteps(ctx, steps, now);
}

/** The steps fired since the escalation last restarted, as `${round}:${position}` counted from that restart (planSteps' terms). */
export async function firedSinceRestart(ctx: TxCtx, esc: EscalationsTable): Promise<Set<string>> {
  return sinceRestart(esc, await store.firedSteps(ctx.tx, esc.id));
}

function sinceRestart(esc: EscalationsTable, fired: readonly { round: number; position: number }[]): Set<string> {
  const first = Number(esc.first_round);
  return new Set(fired.filter((s) => s.round >= first).map((s) => `${s.round - first}:${s.position}`));
}

interface Step {
  esc: EscalationsTable;
  policy: Policy;
  incident: IncidentJson;
  round: number;
  position: number;
  why?: PageRequest['why'];
}

type Reach = Awaited<ReturnType<typeof tierReachAt>>;

/**
 * Each tier, once: the people it reaches now are paged; nobody is never a silent skip. Who it
 * reaches is read before the claim so that the claim records how many (no update after); the
 * claim still decides whether the tier fires. The incident as read in this transaction names
 * its commander, and the escalation is active and held here, so neither is read again. Steps of
 * one tier with the same commander reach the same people at this moment: looked up once.
 */
async function fireSteps(ctx: TxCtx, steps: readonly Step[], now: number): Promise<void> {
  if (!steps.length) return;
  const reachOf = new Map<string, Reach>();
  const reaches: Reach[] = [];
  for (const { policy, incident, position } of steps) {
    const commander = incident.roles.commander ? { user_id: incident.roles.commander.id, user_name: incident.roles.commander.name } : null;
    const key = `${policy.id}:${position}:${commander?.user_id ?? ''}`;
    if (!reachOf.has(key)) reachOf.set(key, await tierReachAt(ctx, policy, position, now, commander));
    reaches.push(reachOf.get(key)!);
  }
  const claimed = await store.claimSteps(ctx.tx, steps.map((s, i) => ({ escalation_id: s.esc.id, round: s.round, position: s.position, fired_at: now, people: reaches[i]?.people.length ?? 0 })));
  const firing = steps.flatMap((s, i) => {
    if (!claimed.has(`${s.esc.id}:${s.round}:${s.position}`)) return [];
    const req: PageRequest = { incident: s.incident, people: reaches[i]?.people ?? [], urgency: s.esc.urgency, reason: 'escalation', escalation: { id: s.esc.id, round: s.round, position: s.position }, why: s.why };
    return [{ s, gaps: reaches[i]?.gaps ?? [], req }];
  });
  const paging = firing.filter((f) => f.req.people.length);
  const paged = await pageAll(ctx, paging.map((f) => f.req), now, { escalationActive: true });
  // Who each paging step could not reach; a step absent here reached nobody (a gap).
  const missed = new Map(paging.map((f, i) => [f, paged[i]!.unreachable]));
  // In the steps' order, so that a tier's fact precedes the next tier's on the timeline. Their
  // incidents are held in this transaction already (fireDue's callers): not locked again.
  await recordAllOnTimeline(
    asSystem(ctx),
    firing.map((f) => {
      const m = missed.get(f);
      return m ? pagedFact(f.req, m) : { incidentId: f.s.incident.id, kind: 'escalation_gap' as const, data: { tier: f.s.position, round: f.s.round, gaps: f.gaps } };
    }),
    new Map(firing.map((f) => [f.s.incident.id, f.s.incident])),
  );
  for (const f of firing) {
    const { esc, policy, incident, round, position } = f.s;
    const m = missed.get(f);
    if (!m) await noticeTeam(ctx, policy.team_id, incident, `Tier ${position} of ${policy.name} reached nobody`, `gap:${esc.id}:${round}:${position}`);
    else if (m.length) await noticeTeam(ctx, policy.team_id, incident, `${m.map((u) => u.name).join(', ')} cannot be reached (no verified contact method)`, `unreachable:${esc.id}:${round}:${position}`);
  }
}
