import { runner, type Ctx } from '../core/context.js';
import { applyTransition } from './model.js';
import * as store from './store.js';
import { appendFacts, withIncident } from './unit-of-work.js';

// How detection (monitors, alert intake) reaches incidents without touching their tables:
// find the service's open incidents, put what the signal saw on its timeline, resolve it.

/** How many of a service's open incidents a new alert is weighed against (the newest). */
const OPEN_INCIDENTS_WEIGHED = 20;

/** The service's open incidents (triggered, acknowledged or mitigated), newest first, with when each was opened here. */
export async function openIncidentsOn(ctx: Ctx, serviceId: string): Promise<{ id: string; opened_at: number }[]> {
  const rows = await store.findOpenNaming(runner(ctx), serviceId, OPEN_INCIDENTS_WEIGHED);
  return rows.map((r) => ({ id: r.id, opened_at: Number(r.created_at) }));
}

/** Appends what a signal saw (`alert_opened`, `alert_resolved`, `check_results` ...) to the timeline. */
export async function recordSignal(ctx: Ctx, incidentId: string, kind: string, data: Record<string, unknown>): Promise<void> {
  await recordSignals(ctx, [{ incidentId, kind, data }]);
}

/** recordSignal for several signals at once (a commit group's new alerts): one lock, one insert, one update. */
export async function recordSignals(ctx: Ctx, signals: readonly { incidentId: string; kind: string; data: Record<string, unknown> }[]): Promise<void> {
  await appendFacts(ctx, signals, { touch: true });
}

/**
 * Resolves the incident because its signals recovered, unless a person already moved it past
 * that (resolved or closed): a late recovery is not an error. Returns whether it resolved it.
 */
export const resolveBySignal = (ctx: Ctx, incidentId: string, note: string): Promise<boolean> => moveBySignal(ctx, incidentId, 'resolve', note);

/** Mitigates the incident because its last alert resolved and the service asks people to resolve it. */
export const mitigateBySignal = (ctx: Ctx, incidentId: string, note: string): Promise<boolean> => moveBySignal(ctx, incidentId, 'mitigate', note);

/** Acknowledges the incident because its sender acknowledged the alert; a no-op past triggered. */
export const acknowledgeBySignal = (ctx: Ctx, incidentId: string, note: string): Promise<boolean> => moveBySignal(ctx, incidentId, 'acknowledge', note);

async function moveBySignal(ctx: Ctx, incidentId: string, action: 'resolve' | 'acknowledge' | 'mitigate', note: string): Promise<boolean> {
  return withIncident(ctx, incidentId, async (w) => {
    const result = applyTransition(w.row, action, w.now);
    if (!result.ok) return false;
    const { status, acknowledged_at, acknowledged_by, mitigated_at, resolved_at, closed_at } = result.next;
    await store.updateIncident(w.q, w.row.id, { status, acknowledged_at, acknowledged_by, mitigated_at, resolved_at, closed_at, updated_at: w.now });
    await w.append(result.event, { from: w.row.status, to: status, note }, null);
    return true;
  });
}
