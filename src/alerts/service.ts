import { actingRoleOf, roleAtLeast, runner, type Ctx, type TxCtx } from '../core/context.js';
import { toIso } from '../core/clock.js';
import { emit, inTransaction, type Unit } from '../core/events.js';
import { perObject } from '../core/per-object.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { DEFAULT_LIMIT, pageOf, type Page } from '../core/lists.js';
import type { Severity } from '../incidents/model.js';
import { acknowledgeBySignal, declare, mitigateBySignal, openIncidentsOn, recordSignal, recordSignals, resolveBySignal } from '../incidents/service.js';
import { getService, lockService } from '../services/service.js';
import { alertKeyText, countRepeats, decodeAlertCursor, DEFAULT_ALERT_SETTINGS, encodeAlertCursor, incidentToJoin, outcomeWhenResolved, parseDetails, reviseAlert, toAlertJson, toAlertSettings, type AlertJson, type AlertRevision, type AlertKey, type AlertSettings, type GroupCandidate } from './model.js';
import { noiseRange, noiseTotals, removalCandidates, type NoiseRow, type RemovalCandidate } from './noise.js';
import * as store from './store.js';
import type { AlertsTable } from './tables.js';

export type { AlertJson, AlertKey, AlertSettings } from './model.js';
export { alertKeyText } from './model.js';

export interface RaiseInput {
  service_id: string | null;
  dedup_key: string;
  source: string;
  source_ref: string | null;
  summary: string;
  /** `info`: the alert is kept and counted but opens no incident. */
  severity: Severity | 'info';
  /** When impact began (epoch ms): becomes the incident's started_at, so MTTD is real. */
  started_at: number;
  /** What the signal saw, for the incident's timeline (check results, labels ...). */
  details: Record<string, unknown>;
  /** Kept on the alert itself (labels, annotations, links ...), shown on its detail. */
  source_details?: Record<string, unknown>;
  /** A suppression rule keeps it quiet: the alert is stored, but opens no incident and pages nobody. */
  quiet?: boolean;
}

/**
 * Counts a repeat on the open alert for (service, dedup key) and answers it, or null when none is
 * open. Senders repeat far more often than they open: trying this first makes a repeat one
 * statement. A trigger that finds nothing then raises (which absorbs too, if another opened it
 * meanwhile: the unique index decides).
 */
export async function repeatOpen(ctx: Ctx, serviceId: string | null, dedupKey: string): Promise<AlertJson | null> {
  return inTransaction(ctx, async (t) => {
    const open = await store.absorb(t.tx, serviceId, dedupKey);
    return open ? toAlertJson(open) : null;
  });
}

/**
 * repeatOpen for many signals at once (a group commit's repeats), in one statement however many:
 * answers the ids of the open alerts it counted them on, by alertKeyText. Keys with no open alert
 * are left out: those signals are for `raise`.
 */
export async function repeatOpenMany(ctx: TxCtx, keys: readonly AlertKey[]): Promise<Map<string, string>> {
  const rows = await store.absorbMany(ctx.tx, ctx.db.dialect, countRepeats(keys));
  return new Map(rows.map((r) => [alertKeyText(r), r.id]));
}

/**
 * What one transaction read or holds once for all the alerts it raises (a commit group raises
 * many): the services it has locked, their alert settings (read once: a change committed
 * meanwhile applies from the next transaction on, as if made after this one), and on SQLite
 * their open incidents with each one's first alert.
 */
interface Held {
  locked: Set<string>;
  settings: Map<string, AlertSettings>;
  /**
   * SQLite only: the transaction holds the database's write lock, so nothing but itself changes
   * which incidents are open. On PostgreSQL a person may resolve one meanwhile, and an alert
   * must not join it then: read each time there.
   */
  candidates: Map<string, GroupCandidate[]>;
  /**
   * Set once this transaction changed incidents (declared, resolved, acknowledged ...): from
   * then on nothing is taken from `candidates`, since a unit rolled back later could undo what
   * was read after that change.
   */
  changedIncidents: boolean;
}
const heldBy = perObject<Unit, Held>(() => ({ locked: new Set(), settings: new Map(), candidates: new Map(), changedIncidents: false }));
const heldIn = (t: TxCtx): Held => heldBy(t.unit);

/** This transaction changed incidents: see Held.changedIncidents. */
const changingIncidents = (t: TxCtx): void => {
  heldIn(t).changedIncidents = true;
};

/**
 * Locks these services for the rest of the transaction, as raise would, then runs `work`; once
 * it has succeeded, this transaction's alerts skip their own lock (a round trip each on
 * PostgreSQL). Only where no savepoint taken before it will be rolled back after `work` (intake's
 * batch step: its savepoint is released, or the whole group fails): a rolled-back savepoint drops
 * the locks taken in it, and raise would believe it held them.
 */
export async function withServicesLocked<T>(t: TxCtx, serviceIds: readonly string[], work: () => Promise<T>): Promise<T> {
  const held = heldIn(t);
  const ids = [...new Set(serviceIds)].filter((id) => !held.locked.has(id)).sort();
  for (const id of ids) await lockService(t, id);
  const result = await work();
  for (const id of ids) held.locked.add(id);
  return result;
}

/**
 * Incidents' first alerts' details, kept once committed: an incident's first alert does not
 * change once it has one (later alerts open later), and every new alert that may join an incident
 * compares itself with it. Kept only after the transaction that read them commits, and only the
 * reads of units that were not rolled back (their after-commit work goes with them), so nothing
 * kept was undone. An incident without alerts (declared by hand) is asked again each time.
 */
const firstAlertsBy = perObject<object, Map<string, Record<string, unknown>>>(() => new Map());
const FIRST_ALERTS_KEPT = 10_000;

async function firstAlertDetails(t: TxCtx, incidentIds: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  const firstAlerts = firstAlertsBy(t.db);
  const found = new Map<string, Record<string, unknown>>();
  const missing = incidentIds.filter((id) => {
    const d = firstAlerts.get(id);
    if (d) found.set(id, d);
    return !d;
  });
  const read = (await store.firstAlertsOf(t.tx, missing)).map((a) => [a.incident_id, parseDetails(a.details)] as const);
  for (const [id, d] of read) found.set(id, d);
  if (read.length > 0)
    t.unit.afterCommit.push(() => {
      if (firstAlerts.size + read.length > FIRST_ALERTS_KEPT) firstAlerts.clear();
      for (const [id, d] of read) firstAlerts.set(id, d);
    });
  return found;
}

/**
 * What a new alert on the service is weighed against: its open incidents with their first alerts,
 * and its grouping settings.
 */
async function groupingOn(ctx: TxCtx, serviceId: string): Promise<{ candidates: GroupCandidate[]; settings: AlertSettings }> {
  const held = heldIn(ctx);
  const keep = ctx.db.dialect === 'sqlite' && !held.changedIncidents;
  let candidates = keep ? held.candidates.get(serviceId) : undefined;
  if (!candidates) {
    const open = await openIncidentsOn(ctx, serviceId);
    const first = await firstAlertDetails(ctx, open.map((i) => i.id));
    candidates = open.map((i) => ({ incident_id: i.id, opened_at: i.opened_at, first_alert_details: first.get(i.id) ?? null }));
    if (keep) held.candidates.set(serviceId, candidates);
  }
  let settings = held.settings.get(serviceId);
  if (!settings && candidates.length > 0) held.settings.set(serviceId, (settings = toAlertSettings(await store.findSettings(ctx.tx, serviceId))));
  return { candidates, settings: settings ?? DEFAULT_ALERT_SETTINGS };
}

/**
 * The open incident on the service this alert joins under the service's grouping settings
 * (window, labels), or null.
 */
async function groupInto(ctx: TxCtx, serviceId: string, alertDetails: Record<string, unknown>, now: number): Promise<string | null> {
  const { candidates, settings } = await groupingOn(ctx, serviceId);
  return incidentToJoin(candidates, alertDetails, settings, now);
}

/** The row a new alert is stored as (not yet on an incident). */
function newAlertRow(input: RaiseInput, now: number): AlertsTable {
  const { details: _, source_details, quiet: __, ...fields } = input;
  return {
    ...fields,
    id: newId('alt'),
    status: 'open',
    incident_id: null,
    started_at: Math.min(input.started_at, now),
    opened_at: now,
    resolved_at: null,
    acknowledged_at: null,
    events: 1,
    details: JSON.stringify(source_details ?? {}),
  };
}

/** A new alert on its incident: on the timeline, and announced. */
async function announceOpened(t: TxCtx, input: RaiseInput, row: AlertsTable, incidentId: string, joined: boolean, now: number): Promise<{ created: true; alert: AlertJson }> {
  return (await announceAllOpened(t, [{ input, row: { ...row, incident_id: incidentId } }], joined, now))[0]!;
}

/** The `alert_opened` fact of a new alert on its incident's timeline. */
const openedFact = (input: RaiseInput, row: AlertsTable, joined: boolean) => ({
  kind: 'alert_opened',
  data: { alert_id: row.id, summary: input.summary, source: input.source, joined, ...input.details },
});

/** announceOpened for several new alerts, each already on its incident: their timeline facts written together. */
async function announceAllOpened(t: TxCtx, opened: readonly { input: RaiseInput; row: AlertsTable }[], joined: boolean, now: number): Promise<{ created: true; alert: AlertJson }[]> {
  await recordSignals(t, opened.map(({ input, row }) => ({ incidentId: row.incident_id!, ...openedFact(input, row, joined) })));
  const answers: { created: true; alert: AlertJson }[] = [];
  for (const { input, row } of opened) answers.push(await emitOpened(t, input, row, now)); // one after another: handlers share the transaction
  return answers;
}

/** The `alert.opened` domain event of a new alert, and what raise answers for it. */
async function emitOpened(t: TxCtx, input: RaiseInput, row: AlertsTable, now: number): Promise<{ created: true; alert: AlertJson }> {
  await emit(t, 'alert.opened', { id: row.id, incident_id: row.incident_id, source_ref: input.source_ref }, now);
  return { created: true, alert: toAlertJson(row) };
}

/**
 * raise for a commit group's new alerts at once, where they join an open incident of their
 * service: stored in one statement, then each put on its incident's timeline. Call it with the
 * services locked (withServicesLocked), and with each (service, dedup key) once. Per input, what
 * raise would have answered, or null for those left to raise one by one (info or quiet, without a
 * service, one that would declare an incident, or one whose alert another transaction opened).
 */
export async function raiseJoining(t: TxCtx, inputs: readonly RaiseInput[]): Promise<({ created: true; alert: AlertJson } | null)[]> {
  const now = t.clock.now().getTime();
  const grouping = new Map<string, Awaited<ReturnType<typeof groupingOn>>>();
  const rows: (AlertsTable | null)[] = [];
  for (const input of inputs) {
    const serviceId = input.service_id;
    if (!serviceId || input.severity === 'info' || input.quiet) {
      rows.push(null);
      continue;
    }
    let g = grouping.get(serviceId);
    if (!g) grouping.set(serviceId, (g = await groupingOn(t, serviceId)));
    const joins = incidentToJoin(g.candidates, input.source_details ?? {}, g.settings, now);
    rows.push(joins ? { ...newAlertRow(input, now), incident_id: joins } : null);
  }
  const stored = new Set(await store.insertManyIfNoneOpen(t.tx, t.db.dialect, rows.filter((r) => r !== null)));
  const opened = rows.flatMap((row, i) => (row && stored.has(row.id) ? [{ input: inputs[i]!, row }] : []));
  const answers = new Map((await announceAllOpened(t, opened, true, now)).map((a) => [a.alert.id, a]));
  return rows.map((row) => (row ? (answers.get(row.id) ?? null) : null));
}

/**
 * A signal that something is wrong. Opens an alert unless one is open for (service, dedup key),
 * in which case the open one absorbs it. A new alert joins an open incident of the service (see
 * groupInto), or declares one with the alert's severity and start; its details go onto the timeline.
 */
export async function raise(ctx: Ctx, input: RaiseInput): Promise<{ created: boolean; alert: AlertJson }> {
  return inTransaction(ctx, async (t) => {
    const now = t.clock.now().getTime();
    const row = newAlertRow(input, now);
    const { severity, quiet } = input;
    const absorbed = async () => {
      const open = await store.absorb(t.tx, input.service_id, input.dedup_key);
      if (open) return { created: false, alert: toAlertJson(open) };
      throw new Error('alert conflict without an open alert'); // unreachable: the only unique key is the open one
    };
    if (severity === 'info' || quiet || !input.service_id) {
      if (!(await store.insertIfNoneOpen(t.tx, t.db.dialect, row))) return absorbed();
      if (severity === 'info' || quiet) {
        await emit(t, 'alert.opened', { id: row.id, incident_id: null, source_ref: input.source_ref }, now);
        return { created: true, alert: toAlertJson(row) };
      }
    }
    const serviceId = input.service_id;
    // Two alerts of one service at once must not both find no incident and both declare one. Not
    // noted as held: this unit's savepoint may yet roll back, and its lock with it.
    if (serviceId && !heldIn(t).locked.has(serviceId)) await lockService(t, serviceId);
    const joined = serviceId ? await groupInto(t, serviceId, input.source_details ?? {}, now) : null;
    // Joining: stored with its incident at once. Declaring: stored first, so that a repeat that
    // raced in (the insert finds the open alert) declares nothing.
    if (serviceId && !(await store.insertIfNoneOpen(t.tx, t.db.dialect, { ...row, incident_id: joined }))) return absorbed();
    if (!joined) changingIncidents(t);
    if (joined) return announceOpened(t, input, row, joined, true, now);
    // The alert is the declaration's cause: first on the new incident's timeline.
    const declared = await declare(
      t,
      {
        title: input.summary,
        severity: severity as Severity,
        service_ids: serviceId ? [serviceId] : [],
        detection_source: input.source === 'monitor' ? 'monitor' : 'integration',
        started_at: toIso(row.started_at)!,
      },
      [openedFact(input, row, false)],
    );
    await store.setIncident(t.tx, row.id, declared.id);
    return emitOpened(t, input, { ...row, incident_id: declared.id }, now);
  });
}

export interface RecoverInput {
  service_id: string | null;
  dedup_key: string;
  summary: string;
  details: Record<string, unknown>;
  /** Resolve the incident too when this was its last open alert. */
  auto_resolve: boolean;
}

/**
 * The signal recovered: resolves its open alert (if any) and, where allowed, the incident when it
 * was its last open alert; or only mitigates it when the service leaves resolving to people.
 */
export async function recover(ctx: Ctx, input: RecoverInput): Promise<AlertJson | null> {
  return inTransaction(ctx, async (t) => {
    const now = t.clock.now().getTime();
    const alert = await store.resolveOpen(t.tx, input.service_id, input.dedup_key, now);
    if (!alert) return null;
    changingIncidents(t);
    if (alert.incident_id) {
      await recordSignal(t, alert.incident_id, 'alert_resolved', { alert_id: alert.id, alert_summary: alert.summary, summary: input.summary, events: Number(alert.events), ...input.details });
      const left = await store.countOpenOnIncident(t.tx, alert.incident_id);
      const settings = toAlertSettings(alert.service_id ? await store.findSettings(t.tx, alert.service_id) : undefined);
      const outcome = outcomeWhenResolved(left, input.auto_resolve, settings);
      if (outcome === 'resolve') await resolveBySignal(t, alert.incident_id, `${input.summary}; resolved automatically`);
      if (outcome === 'mitigate') await mitigateBySignal(t, alert.incident_id, `${input.summary}; all alerts resolved, mitigated automatically`);
    }
    await emit(t, 'alert.resolved', { id: alert.id, incident_id: alert.incident_id, source_ref: alert.source_ref }, now);
    return toAlertJson(alert);
  });
}

export interface AcknowledgeInput {
  service_id: string | null;
  dedup_key: string;
  summary: string;
  details: Record<string, unknown>;
}

/**
 * The sender acknowledged the alert (PagerDuty's `acknowledge`, Opsgenie's): its incident is
 * acknowledged too while still triggered. Answers the alert, or null when none is open (dropped).
 */
export async function acknowledge(ctx: Ctx, input: AcknowledgeInput): Promise<AlertJson | null> {
  return inTransaction(ctx, async (t) => {
    const now = t.clock.now().getTime();
    const alert = await store.acknowledgeOpen(t.tx, input.service_id, input.dedup_key, now);
    if (!alert) {
      // Already acknowledged (or not open): a repeat is still counted on the open one.
      const open = await store.absorb(t.tx, input.service_id, input.dedup_key);
      return open ? toAlertJson(open) : null;
    }
    if (alert.incident_id) {
      changingIncidents(t);
      await recordSignal(t, alert.incident_id, 'alert_acknowledged', { alert_id: alert.id, summary: input.summary, ...input.details });
      await acknowledgeBySignal(t, alert.incident_id, `${input.summary}; acknowledged by its sender`);
    }
    await emit(t, 'alert.acknowledged', { id: alert.id, incident_id: alert.incident_id, source_ref: alert.source_ref }, now);
    return toAlertJson(alert);
  });
}

/**
 * A sender revised its open alert (Opsgenie's update message, description, priority, add or
 * remove tags and details). Answers the open alert's id (null: none); a revision that changes
 * nothing (Alertmanager sends the words with every notification) writes nothing. On an incident,
 * the change goes on its timeline with what it replaced: nothing a sender said is lost. A new
 * priority changes the alert's severity, not the incident's: that stays the commander's call.
 * `onTimeline`: where it came from (the source and key), as the other alert facts say it.
 */
export async function reviseOpenAlert(ctx: Ctx, serviceId: string | null, dedupKey: string, change: AlertRevision, onTimeline: Record<string, unknown> = {}): Promise<{ id: string; incident_id: string | null; revised: boolean } | null> {
  return inTransaction(ctx, async (t) => {
    const row = await store.findOpen(t.tx, serviceId, dedupKey, t.db.dialect === 'postgres');
    if (!row) return null;
    const revised = reviseAlert({ summary: row.summary, severity: row.severity, details: parseDetails(row.details) }, change);
    if (!revised) return { id: row.id, incident_id: row.incident_id, revised: false };
    await store.setRevised(t.tx, row.id, { summary: revised.summary, severity: revised.severity, details: JSON.stringify(revised.details) });
    if (row.incident_id) {
      changingIncidents(t);
      await recordSignal(t, row.incident_id, 'alert_revised', { alert_id: row.id, summary: revised.summary, ...revised.fact, ...onTimeline });
    }
    await emit(t, 'alert.revised', { id: row.id, incident_id: row.incident_id, source_ref: row.source_ref }, t.clock.now().getTime());
    return { id: row.id, incident_id: row.incident_id, revised: true };
  });
}

export async function getAlert(ctx: Ctx, id: string): Promise<AlertJson> {
  const row = await store.findById(runner(ctx), id);
  if (!row) throw new NotFoundError('Alert', id);
  return toAlertJson(row);
}

/** A page of alerts; with incident_id, `totals` counts all of the incident's alerts, whatever the page. */
export type AlertPage = Page<AlertJson> & { totals?: { alerts: number; open: number; events: number } };

/** Alerts, newest first, a page at a time; 400 for a cursor this list did not give. */
export async function listAlerts(
  ctx: Ctx,
  f: { status?: 'open' | 'resolved'; incident_id?: string; source_ref?: string; dedup_key?: string; limit?: number; cursor?: string; offset?: number },
): Promise<AlertPage> {
  const before = f.cursor === undefined ? undefined : decodeAlertCursor(f.cursor);
  if (before === null) throw new ValidationError('cursor is not one this list gave: pass next_cursor as it came', 'cursor');
  const limit = f.limit ?? DEFAULT_LIMIT;
  const q = runner(ctx);
  const rows = await store.list(q, { status: f.status, incidentId: f.incident_id, sourceRef: f.source_ref, dedupKey: f.dedup_key, before, limit: limit + 1, offset: f.offset });
  const page: AlertPage = pageOf(rows, limit, toAlertJson, encodeAlertCursor);
  if (f.incident_id !== undefined) page.totals = await store.incidentTotals(q, f.incident_id);
  return page;
}

export interface NoiseReport {
  from: string;
  to: string;
  service_id: string | null;
  totals: ReturnType<typeof noiseTotals>;
  items: NoiseRow[];
  removal_candidates: RemovalCandidate[];
}

/** The noise report over [from, to) (default: the last 30 days), optionally for one service. */
export async function noiseReport(ctx: Ctx, input: { from?: string; to?: string; service_id?: string }): Promise<NoiseReport> {
  const now = ctx.clock.now().getTime();
  const { from, to } = noiseRange(input, now);
  const rows = await store.noiseCounts(runner(ctx), ctx.db.dialect, { from, to, now, serviceId: input.service_id });
  const items: NoiseRow[] = rows.map((r) => ({
    source: r.source,
    source_ref: r.source_ref,
    source_name: r.source_name,
    service_name: r.service_name,
    alert_class: String(r.alert_class),
    fired: Number(r.fired),
    acknowledged: Number(r.acknowledged),
    acted_on: Number(r.acted_on),
    handled: Number(r.handled),
    self_resolved: Number(r.self_resolved),
    events: Number(r.events),
    median_open_ms: r.median_open_ms === null ? null : Math.round(Number(r.median_open_ms)),
  }));
  return { from: toIso(from)!, to: toIso(to)!, service_id: input.service_id ?? null, totals: noiseTotals(items), items, removal_candidates: removalCandidates(items) };
}

export async function getAlertSettings(ctx: Ctx, serviceId: string): Promise<AlertSettings> {
  await getService(ctx, serviceId);
  return toAlertSettings(await store.findSettings(runner(ctx), serviceId));
}

/** Changes the service's alert settings; fields left out keep their values. Admins only. */
export async function setAlertSettings(ctx: Ctx, serviceId: string, input: Partial<AlertSettings>): Promise<AlertSettings> {
  if (!roleAtLeast(actingRoleOf(ctx.actor), 'admin')) throw new ForbiddenError('Only admins change alert settings');
  await getService(ctx, serviceId);
  const labels = input.grouping_labels?.map((l) => l.trim());
  if (labels?.some((l) => !l)) throw new ValidationError('grouping_labels must not hold blank names', 'grouping_labels');
  return inTransaction(ctx, async (t) => {
    const was = toAlertSettings(await store.findSettings(t.tx, serviceId));
    const next: AlertSettings = {
      grouping_window_minutes: input.grouping_window_minutes ?? was.grouping_window_minutes,
      grouping_labels: labels ? [...new Set(labels)] : was.grouping_labels,
      on_all_alerts_resolved: input.on_all_alerts_resolved ?? was.on_all_alerts_resolved,
    };
    await store.putSettings(t.tx, {
      service_id: serviceId,
      grouping_window_minutes: next.grouping_window_minutes,
      grouping_labels: JSON.stringify(next.grouping_labels),
      on_all_alerts_resolved: next.on_all_alerts_resolved,
      updated_at: t.clock.now().getTime(),
    });
    return next;
  });
}
