import type { Static } from 'typebox';
import { toIso } from '../core/clock.js';
import type * as S from './schemas.js';
import type { AlertsTable } from './tables.js';

// Alerts: JSON shape and rules. No I/O, no clock.

export type AlertJson = Static<typeof S.AlertSchema>;

function parseDetails(json: string | null | undefined): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(json ?? '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export const toAlertJson = (r: AlertsTable): AlertJson => ({
  id: r.id,
  service_id: r.service_id,
  dedup_key: r.dedup_key,
  source: r.source,
  source_ref: r.source_ref,
  status: r.status,
  summary: r.summary,
  severity: r.severity,
  incident_id: r.incident_id,
  started_at: toIso(r.started_at)!,
  opened_at: toIso(r.opened_at)!,
  resolved_at: toIso(r.resolved_at),
  acknowledged_at: toIso(r.acknowledged_at),
  events: Number(r.events),
  details: parseDetails(r.details),
});

/** An incident resolves with its signals only when the last open alert on it has resolved. */
export const incidentMayAutoResolve = (openAlertsLeft: number, autoResolve: boolean): boolean => autoResolve && openAlertsLeft === 0;
