import { fromIso } from '../core/clock.js';
import { actingRoleOf, actorId, type Actor, type Ctx, type TxCtx } from '../core/context.js';
import type { Unit } from '../core/events.js';
import { perObject } from '../core/per-object.js';
import { ConflictError, ValidationError } from '../core/errors.js';
import { inTransaction } from '../core/events.js';
import { newId } from '../core/ids.js';
import { allowedActions, applyTransition, roleOf, toIncidentJson, toTimelineJson, type DetectionSource, type IncidentJson, type Impact, type Severity, type TimelineEventJson, type Transition } from './model.js';
import * as store from './store.js';
import { appendFacts, checkActiveUser, checkNamedServices, loadJson, withIncident } from './unit-of-work.js';

// Incident use cases: each is one transaction that checks, applies the pure rules, stores and
// appends the timeline. Reads live in read.ts, roles in roles.ts; all are re-exported here.
export { getIncident, getIncidentForChange, getIncidents, incidentsLedBy, listIncidents, getTimeline, type ListInput, type IncidentPage } from './read.js';
export { assignRole, releaseRole, type RoleInput } from './roles.js';
export { updateIncident, type UpdateInput } from './update.js';
export { acknowledgeBySignal, mitigateBySignal, openIncidentsOn, recordSignal, recordSignals, resolveBySignal } from './signals.js';

export interface DeclareInput {
  title: string;
  severity: Severity;
  service_ids?: string[];
  detection_source?: DetectionSource;
  /** RFC 3339; when impact began. Defaults to now (= detected_at); never in the future. */
  started_at?: string;
  impact?: Partial<Impact>;
  hypothesis?: string;
  drill?: boolean;
  commander_id?: string;
}

function startedAt(input: DeclareInput, now: number): number {
  if (input.started_at === undefined) return now;
  const at = fromIso(input.started_at);
  if (Number.isNaN(at)) throw new ValidationError('started_at must be an RFC 3339 time', 'started_at');
  if (at > now) throw new ValidationError('started_at cannot be in the future', 'started_at');
  return at;
}

function newRow(ctx: Ctx, input: DeclareInput, v: { id: string; number: number; title: string; started: number; now: number }) {
  return {
    id: v.id,
    number: v.number,
    title: v.title,
    severity: input.severity,
    status: 'triggered' as const,
    detection_source: input.detection_source ?? 'internal',
    drill: input.drill ? 1 : 0,
    users_affected: input.impact?.users_affected ?? null,
    functionality_broken: input.impact?.functionality_broken ?? '',
    data_at_risk: input.impact?.data_at_risk ? 1 : 0,
    hypothesis: input.hypothesis ?? '',
    root_cause_category: null,
    started_at: v.started,
    detected_at: v.now,
    acknowledged_at: null,
    acknowledged_by: null,
    mitigated_at: null,
    resolved_at: null,
    closed_at: null,
    created_by: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
    created_at: v.now,
    updated_at: v.now,
  };
}

/** What led to a declaration, put on the timeline before `declared`: an alert's `alert_opened`. */
export interface DeclareCause {
  kind: string;
  data: Record<string, unknown>;
}

/** What a declaration's `declared` handlers are announced, by incident id (see declaredNow). */
const announcing = perObject<Unit, Map<string, IncidentJson>>(() => new Map());

/**
 * The incident whose declaration is being announced in this transaction, as declare answers it:
 * its `declared` handlers (paging) take it from here instead of reading back what the transaction
 * has just written (four round trips on PostgreSQL). Only while they run: nothing has changed it
 * yet, and afterwards something in the same transaction may.
 */
export const declaredNow = (ctx: TxCtx, id: string): IncidentJson | undefined => announcing(ctx.unit).get(id);

/**
 * Declares an incident: the next number, its services, an optional commander, a `declared` event.
 * `causes` (a signal that opens it) come first on its timeline: the alert, then the declaration
 * and the pages it planned, in the order they happened. Answers the incident as the API shows it.
 */
export async function declare(ctx: Ctx, input: DeclareInput, causes: readonly DeclareCause[] = []): Promise<IncidentJson> {
  const title = input.title.trim();
  if (!title) throw new ValidationError('title must not be blank', 'title');
  return inTransaction(ctx, async (t) => {
    const q = t.tx;
    const now = t.clock.now().getTime();
    const started = startedAt(input, now);
    const services = await checkNamedServices(t, input.service_ids ?? []);
    const serviceIds = services.map((s) => s.id);
    const commander = input.commander_id ? await checkActiveUser(t, input.commander_id, 'commander_id') : null;
    const incident = { id: newId('inc'), number: await store.nextNumber(q) };
    const row = newRow(ctx, input, { ...incident, title, started, now });
    await store.insertIncident(q, row);
    await store.addServices(q, incident.id, serviceIds);
    if (commander) await store.insertRole(q, incident.id, 'commander', commander.id, now);
    const holders = commander ? [{ role: 'commander' as const, user_id: commander.id, name: commander.name }] : [];
    const json = toIncidentJson(row, services, holders, allowedActions(row, actingRoleOf(t.actor)));
    const declared = {
      incidentId: incident.id,
      kind: 'declared',
      data: { title, severity: input.severity, service_ids: serviceIds, detection_source: input.detection_source ?? 'internal', drill: Boolean(input.drill), commander },
      actorRole: roleOf(holders, actorId(t.actor)),
    };
    // Its causes and the declaration in one insert, the row not locked (held): no other
    // transaction sees it before this one commits, so nobody else appends to its timeline.
    const shown = announcing(t.unit);
    shown.set(incident.id, json);
    try {
      await appendFacts(t, [...causes.map((c) => ({ incidentId: incident.id, ...c })), declared], { held: new Map([[incident.id, incident]]), at: now });
    } finally {
      shown.delete(incident.id);
    }
    return json;
  });
}

export interface TransitionInput {
  /** The incident id or number. */
  id: string;
  note?: string;
}

/** How a change came, for the timeline: the web app, the API (scripts, the CLI), or a page's channel. */
function viaOf(a: Actor): string {
  if (a.kind !== 'user') return a.kind;
  if (a.via === 'page') return a.channel ?? 'page';
  return a.via === 'session' ? 'web' : 'api';
}

async function transition(ctx: Ctx, action: Transition, input: TransitionInput): Promise<IncidentJson> {
  return withIncident(ctx, input.id, async (w) => {
    const a = w.ctx.actor;
    const result = applyTransition(w.row, action, w.now, a.kind === 'user' ? a.userId : null);
    if (!result.ok) throw new ConflictError(result.reason);
    const { status, acknowledged_at, acknowledged_by, mitigated_at, resolved_at, closed_at } = result.next;
    await store.updateIncident(w.q, w.row.id, { status, acknowledged_at, acknowledged_by, mitigated_at, resolved_at, closed_at, updated_at: w.now });
    const note = input.note?.trim();
    await w.append(result.event, { from: w.row.status, to: status, via: viaOf(w.ctx.actor), ...(note ? { note } : {}) });
    return loadJson(w.ctx, w.row.id);
  });
}

export const acknowledge = (ctx: Ctx, input: TransitionInput) => transition(ctx, 'acknowledge', input);
export const mitigate = (ctx: Ctx, input: TransitionInput) => transition(ctx, 'mitigate', input);
export const resolve = (ctx: Ctx, input: TransitionInput) => transition(ctx, 'resolve', input);
export const close = (ctx: Ctx, input: TransitionInput) => transition(ctx, 'close', input);
export const reopen = (ctx: Ctx, input: TransitionInput) => transition(ctx, 'reopen', input);

export interface SeverityInput {
  id: string;
  severity: Severity;
  reason: string;
}

/** Re-classifies the incident; the timeline keeps from, to and why. */
export async function changeSeverity(ctx: Ctx, input: SeverityInput): Promise<IncidentJson> {
  const reason = input.reason.trim();
  if (!reason) throw new ValidationError('reason must not be blank', 'reason');
  return withIncident(ctx, input.id, async (w) => {
    if (w.row.status === 'closed') throw new ConflictError('The incident is closed; its severity can no longer change');
    if (w.row.severity === input.severity) throw new ConflictError(`The incident is already ${input.severity}`);
    await store.updateIncident(w.q, w.row.id, { severity: input.severity, updated_at: w.now });
    await w.append('severity_changed', { from: w.row.severity, to: input.severity, reason });
    return loadJson(w.ctx, w.row.id);
  });
}

export interface NoteInput {
  id: string;
  text: string;
}

/** A note on the timeline; returns the event and the incident it belongs to. */
export async function addNote(ctx: Ctx, input: NoteInput): Promise<{ incident: { id: string; number: number }; event: TimelineEventJson }> {
  const text = input.text.trim();
  if (!text) throw new ValidationError('text must not be blank', 'text');
  return withIncident(ctx, input.id, async (w) => {
    const eventId = await w.append('note', { text });
    await store.updateIncident(w.q, w.row.id, { updated_at: w.now });
    const event = toTimelineJson((await store.findTimelineEvent(w.q, eventId))!);
    return { incident: { id: w.row.id, number: Number(w.row.number) }, event };
  });
}

/** Timeline kinds other domains record (paging): facts about the incident, by the system. */
export type PagingTimelineKind = 'paged' | 'escalation_gap' | 'page_failed' | 'not_paged' | 'paging_deferred' | 'escalation_snoozed';

/**
 * Appends a paging fact to the incident's timeline in the caller's transaction (the incident is
 * locked meanwhile). By the system, so with no incident role: the role holders are not read
 * (withIncident would; every escalation step records one of these).
 */
export async function recordOnTimeline(ctx: Ctx, incidentId: string, kind: PagingTimelineKind, data: Record<string, unknown>): Promise<void> {
  await recordAllOnTimeline(ctx, [{ incidentId, kind, data }]);
}

/**
 * recordOnTimeline for several facts, on one or more incidents, at once (a batch of escalation
 * steps): one lock and one insert. `held`: incidents the caller's transaction holds already (locked,
 * or declared in it), which are not read again.
 */
export async function recordAllOnTimeline(
  ctx: Ctx,
  facts: readonly { incidentId: string; kind: PagingTimelineKind; data: Record<string, unknown> }[],
  held?: ReadonlyMap<string, { id: string; number: number }>,
): Promise<void> {
  await appendFacts(ctx, facts, { held });
}
