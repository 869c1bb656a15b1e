import type { TxCtx, Ctx } from '../core/context.js';
import { emit, inTransaction } from '../core/events.js';
import { newId } from '../core/ids.js';
import { raise, recover } from '../alerts/service.js';
import { applyResult, evaluateMonitor, NEW_LOCATION, silenceQuietLocations, type LocationState } from './model.confirmation.js';
import { confirmationOf, encodeResult, locationsOf, type CheckOutcome } from './model.js';
import { parseFlap } from './model.json.js';
import { activeAt } from './model.maintenance.js';
import { toWindow } from './maintenance.js';
import * as store from './store.js';
import type { MaintenanceWindowsTable, MonitorEventsTable, MonitorLocationStatesTable, MonitorsTable } from './tables.js';

// Recording check results: one transaction per batch. Every result is stored (once per slot),
// each location's K-in-a-row state moves, and only where a location changes state does the
// monitor-level rule (M of N, flapping, maintenance) run and open or recover its alert.

export interface Outcome {
  monitor_id: string;
  monitor_seq: number;
  location: string;
  location_seq: number;
  /** The slot's due time: a slot is recorded once, whoever ran it. */
  at: number;
  outcome: CheckOutcome;
}

/** A probe that has not reported for this long counts as silent: neither up nor down. */
export const SILENT_AFTER_MS = 90_000;

/** A stored location state as the confirmation rules read it (none stored: a new location). */
export const toState = (r: MonitorLocationStatesTable | undefined): LocationState =>
  r ? { status: r.status, streak: r.streak, first_failure_at: r.first_failure_at, last_result_at: r.last_result_at } : NEW_LOCATION;

const key = (monitorId: string, location: string) => `${monitorId}\u0000${location}`;

export async function recordOutcomes(ctx: Ctx, batch: readonly Outcome[]): Promise<{ stored: number; transitions: number }> {
  if (batch.length === 0) return { stored: 0, transitions: 0 };
  return inTransaction(ctx, async (t) => {
    const stored = await store.insertResultsReturning(
      t.tx,
      batch.map((b) => ({ monitor_seq: b.monitor_seq, at: b.at, location_seq: b.location_seq, code: encodeResult(b.outcome.status, b.outcome.failure), latency_ms: Math.max(0, Math.round(b.outcome.latency_ms)) })),
    );
    const fresh = new Set(stored.map((r) => `${r.monitor_seq}:${r.at}:${r.location_seq}`));
    const kept = batch.filter((b) => fresh.has(`${b.monitor_seq}:${b.at}:${b.location_seq}`)).sort((a, b) => a.at - b.at);
    const monitors = new Map((await store.monitorsByIds(t.tx, [...new Set(kept.map((b) => b.monitor_id))])).map((m) => [m.id, m]));
    const rows = new Map((await store.statesOf(t.tx, [...monitors.keys()])).map((r) => [key(r.monitor_id, r.location), r]));
    const changed = new Set<string>();
    /** Monitors a location of which now says something else: their pages are told, confirmed or not. */
    const retold = new Set<string>();
    const locationEvents: MonitorEventsTable[] = [];
    for (const b of kept) {
      const m = monitors.get(b.monitor_id);
      if (!m) continue; // deleted meanwhile
      const k = confirmationOf(m.confirmation).failures_to_down;
      const before = rows.get(key(b.monitor_id, b.location));
      const was = toState(before);
      const applied = applyResult(was, { at: b.at, ok: b.outcome.status !== 'down' }, k);
      const shown = before?.last_status ?? null;
      if (applied.changed || (shown !== null && shown !== b.outcome.status)) changed.add(b.monitor_id);
      if (shown !== b.outcome.status) retold.add(b.monitor_id);
      if (applied.changed) locationEvents.push(locationEvent(b, applied.changed, was.status === 'unknown'));
      rows.set(key(b.monitor_id, b.location), {
        monitor_id: b.monitor_id,
        location: b.location,
        ...applied.state,
        last_status: b.outcome.status,
        last_latency_ms: Math.round(b.outcome.latency_ms),
        last_message: b.outcome.message,
      });
    }
    await store.insertEvents(t.tx, locationEvents);
    const touched = [...new Set(kept.map((b) => key(b.monitor_id, b.location)))].map((k2) => rows.get(k2)!).filter(Boolean);
    await store.upsertStates(t.tx, touched);
    const statesByMonitor = groupBy([...rows.values()], (r) => r.monitor_id);
    await evaluateAll(t, [...changed].map((id) => monitors.get(id)!), statesByMonitor, retold);
    // A location's first result changes what the page says ("failing, confirming" rather than
    // "waiting for first check") though not the monitor's state: said live as well.
    const now = t.clock.now().getTime();
    for (const id of retold) if (!changed.has(id)) await emit(t, 'monitor.state', { id, change: 'location', state: monitors.get(id)!.state }, now);
    return { stored: kept.length, transitions: changed.size };
  });
}

/** A location's change, in words: a new location's first passing check has nothing to pass "again". */
function locationEvent(b: Outcome, to: 'up' | 'down', first: boolean): MonitorEventsTable {
  const message = to === 'down' ? (b.outcome.message ?? b.outcome.failure ?? 'failing') : first ? 'first check passes' : 'checks pass again';
  return { id: newId('mev'), monitor_id: b.monitor_id, location: b.location, at: b.at, kind: to, message };
}

/** Monitors evaluated between two turns of the event loop: a batch's work must not hold up the checks due meanwhile. */
const EVALUATIONS_PER_TURN = 50;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * Evaluates several monitors in the open transaction. The locations and the maintenance windows
 * are read once for all of them; every EVALUATIONS_PER_TURN monitors the event loop gets a turn
 * (the first interval after a start changes every monitor's state at once: 20,000 evaluations).
 */
export async function evaluateAll(t: TxCtx, monitors: readonly MonitorsTable[], states: ReadonlyMap<string, readonly MonitorLocationStatesTable[]>, retold: ReadonlySet<string> = new Set()): Promise<void> {
  if (monitors.length === 0) return;
  const locations = await store.listLocations(t.tx);
  const serviceIds = [...new Set(monitors.flatMap((m) => (m.service_id ? [m.service_id] : [])))];
  const windows = await store.windowsFor(t.tx, monitors.map((m) => m.id), serviceIds);
  for (const [i, m] of monitors.entries()) {
    if (i > 0 && i % EVALUATIONS_PER_TURN === 0) await nextTurn();
    const own = windows.filter((w) => w.monitor_id === m.id || (m.service_id !== null && w.service_id === m.service_id));
    await evaluate(t, m, states.get(m.id) ?? [], { locations, windows: own }, retold.has(m.id));
  }
}

interface Shared {
  locations: Awaited<ReturnType<typeof store.listLocations>>;
  /** This monitor's maintenance windows and its service's. */
  windows: readonly MaintenanceWindowsTable[];
}

/** The monitor as a whole: M of N locations, flapping, maintenance; opens or recovers its alert. */
async function evaluate(t: TxCtx, m: MonitorsTable, states: readonly MonitorLocationStatesTable[], shared: Shared, retold: boolean): Promise<void> {
  const now = t.clock.now().getTime();
  const locs = shared.locations;
  const names = locationsOf(JSON.parse(m.locations) as string[], m.type === 'heartbeat' ? ['server'] : locs.map((l) => l.name));
  const byName = new Map(states.map((s) => [s.location, s]));
  const all = Object.fromEntries(names.map((n) => [n, toState(byName.get(n))]));
  const probes = new Set(locs.filter((l) => l.kind === 'probe').map((l) => l.name));
  const quiet = silenceQuietLocations(Object.fromEntries(Object.entries(all).filter(([n]) => probes.has(n))), now, SILENT_AFTER_MS);
  const confirmation = confirmationOf(m.confirmation);
  const verdict = evaluateMonitor({ locations: { ...all, ...quiet }, m: confirmation.locations_to_alert, alertOpen: m.alert_id !== null, flapping: parseFlap(m.flap), now, confirmation });
  const inMaintenance = activeAt(shared.windows.map(toWindow), now) !== null;
  let alertId = m.alert_id;
  if (verdict.open === true && !inMaintenance) alertId = await openAlert(t, m, states, verdict.started_at ?? now, verdict.reason);
  if (verdict.open === false) {
    await recover(t, { service_id: m.service_id, dedup_key: `monitor:${m.id}`, summary: `${m.name} recovered`, details: { monitor_id: m.id, results: resultsSummary(states) }, auto_resolve: m.auto_resolve === 1 });
    // The monitor's history tells the end of its alert as it tells the start.
    await store.insertEvent(t.tx, { id: newId('mev'), monitor_id: m.id, location: null, at: now, kind: 'alert_resolved', message: verdict.reason });
    alertId = null;
  }
  const shown = stateOf(states, alertId !== null);
  await store.updateMonitor(t.tx, m.id, { flap: JSON.stringify(verdict.flapping), alert_id: alertId, state: shown, ...(shown !== m.state ? { state_changed_at: now } : {}) });
  if (verdict.flapping.flapping && !parseFlap(m.flap).flapping) {
    await store.insertEvent(t.tx, { id: newId('mev'), monitor_id: m.id, location: null, at: now, kind: 'flapping', message: verdict.reason });
  }
  // Also when only a location changed what it says (up, then failing and being confirmed): the page is told.
  if (shown !== m.state || alertId !== m.alert_id || retold) await emit(t, 'monitor.state', { id: m.id, change: shown !== m.state ? 'state' : 'location', state: shown }, now);
}

async function openAlert(t: TxCtx, m: MonitorsTable, states: readonly MonitorLocationStatesTable[], startedAt: number, reason: string): Promise<string> {
  const { alert } = await raise(t, {
    service_id: m.service_id,
    dedup_key: `monitor:${m.id}`,
    source: 'monitor',
    source_ref: m.id,
    summary: `${m.name} is down`,
    severity: m.severity,
    started_at: startedAt,
    details: { monitor_id: m.id, reason, results: resultsSummary(states) },
  });
  await store.insertEvent(t.tx, { id: newId('mev'), monitor_id: m.id, location: null, at: t.clock.now().getTime(), kind: 'alert_opened', message: reason });
  return alert.id;
}

/** What each location saw last: the check results around the failure, for the incident's timeline. */
const resultsSummary = (states: readonly MonitorLocationStatesTable[]) =>
  states.map((s) => ({ location: s.location, status: s.last_status, latency_ms: s.last_latency_ms, message: s.last_message, at: s.last_result_at }));

/** The monitor's state as people see it: down while its alert is open, degraded if a location answers slowly. */
function stateOf(states: readonly MonitorLocationStatesTable[], alerting: boolean): MonitorsTable['state'] {
  if (alerting) return 'down';
  if (states.length === 0) return 'unknown';
  if (states.some((s) => s.last_status === 'degraded' || s.status === 'down')) return 'degraded';
  return states.some((s) => s.status === 'up') ? 'up' : 'unknown';
}
