import { toIso } from '../core/clock.js';
import { roleAtLeast, actingRoleOf, type Ctx, type TxCtx } from '../core/context.js';
import { schedule } from '../core/engine/index.js';
import { ConflictError, ForbiddenError } from '../core/errors.js';
import { inTransaction, type DomainEvent } from '../core/events.js';
import { pagingPolicy } from '../escalation/service.js';
import type { Severity } from '../incidents/model.js';
import { getIncident, getIncidentForChange, recordOnTimeline } from '../incidents/service.js';
import { planSteps } from './model.js';
import { advance, firedSinceRestart, STEP_JOB, type StepJob } from './escalate.js';
import { asSystem } from './pages.js';
import { pagingSettingsOf } from './settings.js';
import * as store from './store.js';
import type { EscalationsTable } from './tables.js';

// What the incident's lifecycle does to its escalations: an acknowledgement stops them (and
// arms the policy's acknowledgement timeout), resolving ends them, reopening restarts them, a
// severity change re-evaluates them at once. And the responder's own controls: snooze, escalate now.

export const REPAGE_JOB = 'paging.repage';
interface RepageJob {
  escalation_id: string;
  /** The acknowledgement (or snooze) this repage follows; a later one supersedes it. */
  acknowledged_at: number;
  why: 'ack_timeout' | 'snooze_over';
}

/** Restarts an escalation from its first tier, as a new round. */
async function restart(ctx: TxCtx, esc: EscalationsTable, now: number, why: StepJob['why']): Promise<void> {
  const fired = await store.firedSteps(ctx.tx, esc.id);
  const first = Math.max(Number(esc.first_round), ...fired.map((f) => f.round + 1));
  await store.updateEscalation(ctx.tx, esc.id, { state: 'active', started_at: now, acknowledged_at: null, first_round: first }, now);
  await advance(ctx, { escalation_id: esc.id, why }, now);
}

/** Stops the incident's active escalations; arms each policy's acknowledgement timeout. Answers whether any was active. */
export async function acknowledgePaging(ctx: TxCtx, incidentId: string, now: number): Promise<boolean> {
  const moved = await store.moveEscalations(ctx.tx, incidentId, ['waiting', 'active'], { state: 'acknowledged', acknowledged_at: now }, now);
  await store.acknowledgePages(ctx.tx, incidentId, now);
  for (const esc of moved) {
    const policy = await pagingPolicy(ctx, esc.policy_id);
    if (!policy?.ack_timeout_minutes) continue;
    const dueAt = now + policy.ack_timeout_minutes * 60_000;
    await schedule<RepageJob>(ctx, { kind: REPAGE_JOB, key: `repage:${esc.id}:${now}`, payload: { escalation_id: esc.id, acknowledged_at: now, why: 'ack_timeout' }, dueAt });
  }
  return moved.length > 0;
}

/** `incident.transitioned`: acknowledged or mitigated stops paging, resolved ends it, reopened restarts it. */
export async function onTransition(ctx: TxCtx, e: DomainEvent): Promise<void> {
  const d = e.data as { incident: { id: string }; kind: string; to: string };
  if (d.to === 'acknowledged' || d.to === 'mitigated') {
    await acknowledgePaging(ctx, d.incident.id, e.at);
  } else if (d.to === 'resolved' || d.to === 'closed') {
    await store.moveEscalations(ctx.tx, d.incident.id, ['waiting', 'active', 'acknowledged'], { state: 'done' }, e.at);
    await store.acknowledgePages(ctx.tx, d.incident.id, e.at);
  } else if (d.kind === 'reopened') {
    for (const esc of await store.escalationsOf(ctx.tx, d.incident.id)) await restart(ctx, esc, e.at, 'reopened');
  }
}

/** The job: an acknowledgement (or a snooze) ran out with the incident still not mitigated: page again from the first tier. */
export async function runRepageJob(ctx: TxCtx, job: RepageJob, now: number): Promise<void> {
  const esc = await store.findEscalation(ctx.tx, job.escalation_id);
  if (!esc || esc.state !== 'acknowledged' || Number(esc.acknowledged_at) !== job.acknowledged_at) return;
  const incident = await getIncidentForChange(ctx, esc.incident_id);
  if (incident.status !== 'acknowledged' && incident.status !== 'triggered') return;
  await restart(ctx, esc, now, job.why);
}

/** `incident.severity_changed`: a new urgency; tiers the new severity unlocks and whose delay has passed fire at once. */
export async function onSeverityChange(ctx: TxCtx, e: DomainEvent): Promise<void> {
  const d = e.data as { incident: { id: string }; to: Severity; event_id: string };
  const escalations = (await store.escalationsOf(ctx.tx, d.incident.id)).filter((x) => x.state === 'waiting' || x.state === 'active');
  if (!escalations.length) return;
  const settings = await pagingSettingsOf(ctx, escalations.flatMap((x) => (x.service_id ? [x.service_id] : [])));
  const incident = await getIncident(ctx, { id: d.incident.id });
  for (const esc of escalations) {
    const urgency = esc.service_id ? settings.get(esc.service_id)!.urgencies[d.to] : esc.urgency;
    if (urgency === 'none') {
      await store.updateEscalation(ctx.tx, esc.id, { state: 'done' }, e.at);
      await recordOnTimeline(asSystem(ctx), incident.id, 'not_paged', { reason: `${d.to} pages nobody: paging stopped` });
      continue;
    }
    // Raised to high while waiting for business hours: delays count from when it was declared.
    const startedAt = urgency === 'high' && esc.state === 'waiting' ? Math.min(Number(esc.started_at), Date.parse(incident.detected_at)) : Number(esc.started_at);
    await store.updateEscalation(ctx.tx, esc.id, { urgency, started_at: startedAt }, e.at);
    await schedule<StepJob>(ctx, { kind: STEP_JOB, key: `step:${esc.id}:severity:${d.event_id}`, payload: { escalation_id: esc.id }, dueAt: e.at });
  }
}

function requireResponder(ctx: Ctx): void {
  if (!roleAtLeast(actingRoleOf(ctx.actor), 'responder')) throw new ForbiddenError('Paging needs the responder role');
}

/** Pauses paging of an acknowledged incident for `minutes`; it pages again then unless mitigated or resolved. */
export async function snooze(ctx: Ctx, incidentKey: string, minutes: number): Promise<{ until: string }> {
  requireResponder(ctx);
  return inTransaction(ctx, async (t) => {
    const now = t.clock.now().getTime();
    const incident = await getIncidentForChange(t, incidentKey);
    if (incident.status !== 'acknowledged') throw new ConflictError('Only an acknowledged incident can be snoozed; acknowledge it first');
    const until = now + minutes * 60_000;
    const escalations = (await store.escalationsOf(t.tx, incident.id)).filter((x) => x.state !== 'done');
    if (!escalations.length) throw new ConflictError('Nothing is paging for this incident');
    await store.moveEscalations(t.tx, incident.id, ['waiting', 'active', 'acknowledged'], { state: 'acknowledged', acknowledged_at: now }, now);
    for (const esc of escalations) {
      await schedule<RepageJob>(t, { kind: REPAGE_JOB, key: `repage:${esc.id}:${now}`, payload: { escalation_id: esc.id, acknowledged_at: now, why: 'snooze_over' }, dueAt: until });
    }
    await recordOnTimeline(t, incident.id, 'escalation_snoozed', { minutes, until: toIso(until) });
    return { until: toIso(until)! };
  });
}

/**
 * Fires the next tier of each escalation now, whatever its delay (and re-arms an acknowledged
 * one); with `policyId`, only the escalations through that policy (Opsgenie's escalate names one).
 */
export async function escalateNow(ctx: Ctx, incidentKey: string, policyId?: string): Promise<{ fired: number }> {
  requireResponder(ctx);
  return inTransaction(ctx, async (t) => {
    const now = t.clock.now().getTime();
    const incident = await getIncidentForChange(t, incidentKey);
    if (incident.status === 'resolved' || incident.status === 'closed') throw new ConflictError(`The incident is ${incident.status}; nothing to escalate`);
    let fired = 0;
    const live = (await store.escalationsOf(t.tx, incident.id)).filter((x) => x.state !== 'done' && (policyId === undefined || x.policy_id === policyId));
    if (policyId !== undefined && !live.length) throw new ConflictError('That escalation policy is not paging for this incident');
    for (const listed of live) {
      const esc = (await store.lockEscalation(t.tx, listed.id, t.db.dialect === 'postgres'))!;
      const policy = await pagingPolicy(t, esc.policy_id);
      if (!policy) continue;
      const next = planSteps({ tiers: policy.tiers, repeat: policy.repeat_count, severity: incident.severity, startedAt: Number(esc.started_at), now: Number.MAX_SAFE_INTEGER / 2, fired: await firedSinceRestart(t, esc) }).due[0];
      if (!next) continue;
      // Pull the escalation's clock back so the next tier is due now; later tiers keep their spacing.
      const startedAt = Number(esc.started_at) - (next.at - now);
      await store.updateEscalation(t.tx, esc.id, { state: 'active', started_at: startedAt, acknowledged_at: null }, now);
      await advance(t, { escalation_id: esc.id }, now);
      fired++;
    }
    if (!fired) throw new ConflictError('No tier is left to escalate to');
    return { fired };
  });
}
