import type { Static } from 'typebox';
import { toIso } from '../core/clock.js';
import type * as S from './schemas.js';
import type { AlertSettingsTable, AlertsTable } from './tables.js';

// Alerts: JSON shape and rules. No I/O, no clock.

export type AlertJson = Static<typeof S.AlertSchema>;

export function parseDetails(json: string | null | undefined): Record<string, unknown> {
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

/** Where a page of the alert list ended (newest first): the last alert's opened_at and id, opaque to clients. */
export const encodeAlertCursor = (last: { opened_at: number; id: string }): string => Buffer.from(`a:${last.opened_at}:${last.id}`).toString('base64url');

export function decodeAlertCursor(cursor: string): { openedAt: number; id: string } | null {
  const m = /^a:(\d{1,16}):([A-Za-z0-9_]{1,64})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m && Number.isSafeInteger(Number(m[1])) ? { openedAt: Number(m[1]), id: m[2]! } : null;
}

/** An incident resolves with its signals only when the last open alert on it has resolved. */
export const incidentMayAutoResolve = (openAlertsLeft: number, autoResolve: boolean): boolean => autoResolve && openAlertsLeft === 0;

export interface AlertSettings {
  grouping_window_minutes: number;
  grouping_labels: string[];
  on_all_alerts_resolved: 'resolve' | 'mitigate';
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = { grouping_window_minutes: 60, grouping_labels: [], on_all_alerts_resolved: 'resolve' };

export function toAlertSettings(r: AlertSettingsTable | undefined): AlertSettings {
  if (!r) return { ...DEFAULT_ALERT_SETTINGS, grouping_labels: [] };
  const labels: unknown = JSON.parse(r.grouping_labels);
  return {
    grouping_window_minutes: Number(r.grouping_window_minutes),
    grouping_labels: Array.isArray(labels) ? labels.filter((l): l is string => typeof l === 'string') : [],
    on_all_alerts_resolved: r.on_all_alerts_resolved,
  };
}

/**
 * A label's value on an alert, as text: senders put labels in different places (Alertmanager's
 * `labels`, PagerDuty's and Opsgenie's `custom_details`, or a top-level field such as
 * `component`), and a dotted name reaches anywhere. Null when the alert does not carry it.
 */
export function labelValue(details: Record<string, unknown>, name: string): string | null {
  const at = (v: unknown, path: string[]): unknown => path.reduce<unknown>((cur, step) => (cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[step] : undefined), v);
  const path = name.split('.');
  for (const v of [at(details, ['labels', ...path]), at(details, ['custom_details', ...path]), at(details, path)]) {
    if (typeof v === 'string' && v.trim()) return v.trim();
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  }
  return null;
}

/** An open incident on the service, as grouping sees it. */
export interface GroupCandidate {
  incident_id: string;
  /**
   * When Tocsin opened it: the window counts from there, not from its started_at, which a
   * sender may put hours back (a long-firing alert) and would leave every later alert outside.
   */
  opened_at: number;
  /** The details of the incident's first alert; null when it has none (declared by hand). */
  first_alert_details: Record<string, unknown> | null;
}

/**
 * Which open incident a new alert joins, or null to open a new one: the newest incident opened
 * within the grouping window and whose first alert has the same values of every
 * grouping label (a missing label counts as a value: both missing matches).
 */
export function incidentToJoin(candidates: readonly GroupCandidate[], alertDetails: Record<string, unknown>, settings: AlertSettings, now: number): string | null {
  const since = now - settings.grouping_window_minutes * 60_000;
  const newestFirst = [...candidates].sort((a, b) => b.opened_at - a.opened_at);
  const joined = newestFirst.find(
    (c) => c.opened_at >= since && settings.grouping_labels.every((l) => labelValue(c.first_alert_details ?? {}, l) === labelValue(alertDetails, l)),
  );
  return joined?.incident_id ?? null;
}

/** What the incident does when its last open alert resolves: nothing, mitigated or resolved. */
export function outcomeWhenResolved(openAlertsLeft: number, autoResolve: boolean, settings: AlertSettings): 'resolve' | 'mitigate' | null {
  return incidentMayAutoResolve(openAlertsLeft, autoResolve) ? settings.on_all_alerts_resolved : null;
}

/** The alert a signal is about: (service, dedup key), as the open-alert index sees it. */
export interface AlertKey {
  service_id: string | null;
  dedup_key: string;
}

/** One text per (service, dedup key): a null service is the index's empty one. */
export const alertKeyText = (k: AlertKey): string => `${k.service_id ?? ''}\u0000${k.dedup_key}`;

/**
 * Many repeats as one count per alert, sorted by key: concurrent transactions (two instances)
 * that count overlapping alerts then lock them in one order, and cannot deadlock on them.
 */
export function countRepeats(keys: readonly AlertKey[]): (AlertKey & { n: number })[] {
  const counted = new Map<string, AlertKey & { n: number }>();
  for (const k of keys) {
    const text = alertKeyText(k);
    const c = counted.get(text);
    if (c) c.n++;
    else counted.set(text, { service_id: k.service_id, dedup_key: k.dedup_key, n: 1 });
  }
  return [...counted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
}

/** A sender's change to its open alert: words, tags, custom details, priority (and the severity it stands for). */
export interface AlertRevision {
  summary?: string;
  description?: string;
  tags?: { add?: readonly string[]; remove?: readonly string[] };
  details?: { set?: Readonly<Record<string, string>>; remove?: readonly string[] };
  /** `sender`: the severity word it stands for (critical … info), kept as a create's is. */
  priority?: { name: string; sender: string; severity: AlertsTable['severity'] };
}

/** What an `alert_revised` timeline fact says beyond the alert's id and summary: only what changed. */
export interface RevisedFact {
  previous_summary?: string;
  description?: string;
  previous_description?: string | null;
  tags_added?: string[];
  tags_removed?: string[];
  details_set?: Record<string, string>;
  details_removed?: string[];
  priority?: string;
  previous_priority?: string | null;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? { ...(v as Record<string, unknown>) } : {});

/**
 * The alert after a revision, with the fact of what changed; null when nothing would (a sender
 * repeating itself, as Alertmanager does with every notification, writes nothing). Tags and
 * custom details are kept where the senders put them: `details.tags`, `details.custom_details`.
 */
export function reviseAlert(
  current: { summary: string; severity: AlertsTable['severity']; details: Record<string, unknown> },
  change: AlertRevision,
): { summary: string; severity: AlertsTable['severity']; details: Record<string, unknown>; fact: RevisedFact } | null {
  const details = { ...current.details };
  const fact: RevisedFact = {};
  const summary = change.summary ?? current.summary;
  if (summary !== current.summary) fact.previous_summary = current.summary;
  if (change.description !== undefined) {
    const before = typeof details.description === 'string' ? details.description : null;
    if (before !== change.description) Object.assign(fact, { description: change.description, previous_description: before });
    details.description = change.description;
  }
  if (change.tags) {
    const had = strings(details.tags);
    const removed = had.filter((t) => change.tags!.remove?.includes(t));
    const kept = had.filter((t) => !removed.includes(t));
    const added = [...new Set(change.tags.add ?? [])].filter((t) => !kept.includes(t));
    if (added.length) fact.tags_added = added;
    if (removed.length) fact.tags_removed = removed;
    details.tags = [...kept, ...added];
  }
  if (change.details) {
    const custom = record(details.custom_details);
    const set = Object.entries(change.details.set ?? {}).filter(([k, v]) => custom[k] !== v);
    const removed = (change.details.remove ?? []).filter((k) => Object.hasOwn(custom, k));
    for (const k of removed) delete custom[k];
    for (const [k, v] of set) custom[k] = v;
    if (set.length) fact.details_set = Object.fromEntries(set);
    if (removed.length) fact.details_removed = removed;
    details.custom_details = custom;
  }
  let severity = current.severity;
  if (change.priority && details.priority !== change.priority.name) {
    fact.previous_priority = typeof details.priority === 'string' ? details.priority : null;
    fact.priority = change.priority.name;
    details.priority = change.priority.name;
    if ('severity' in details) details.severity = change.priority.sender;
    severity = change.priority.severity;
  }
  return Object.keys(fact).length ? { summary, severity, details, fact } : null;
}
