import type { AlertJson } from '../alerts/model.js';
import { PRIORITY_SEVERITY } from './opsgenie.js';

// What Opsgenie's clients read back after a request (its SDKs' GetRequestStatus and GetAlert),
// for the scripts that create an alert and then ask for its id. No I/O.
//
// Opsgenie processes requests later and keeps their outcome for a while; Tocsin has done the
// work before it answers 202, so the outcome travels in the requestId itself and nothing is
// stored: `r1.<action>.<processed at, base 36>.<outcome>.<alert id>`. A requestId names only an
// alert of the key that asks about it (the route checks), so one made up tells nothing new.

export const REQUEST_ACTIONS = {
  create: 'Create',
  close: 'Close',
  acknowledge: 'Acknowledge',
  notes: 'AddNote',
  message: 'UpdateMessage',
  description: 'UpdateDescription',
  priority: 'UpdatePriority',
  addTags: 'AddTags',
  removeTags: 'RemoveTags',
  addDetails: 'AddDetails',
  removeDetails: 'RemoveDetails',
  assign: 'AssignOwnership',
  addResponder: 'AddResponder',
  snooze: 'Snooze',
  escalate: 'Escalate',
} as const;
export type RequestAction = keyof typeof REQUEST_ACTIONS;

const STATUS = {
  created: 'Created alert',
  deduplicated: 'Alert already exists: its count was increased',
  suppressed: 'Dropped by a suppression rule (counted there)',
  closed: 'Closed alert',
  acknowledged: 'Acknowledged alert',
  noted: 'Added note',
  updated: 'Updated alert',
  missing: 'Alert does not exist',
  notOpen: 'Alert is closed: nothing changed',
  unkept: 'The alert opened no incident to keep the note on',
  paged: 'Paged: asked to join the alert’s incident',
  noIncident: 'The alert opened no incident: nobody was paged',
  incidentOver: 'The alert’s incident is resolved: nobody was paged',
  snoozed: 'Snoozed alert: its paging waits until endTime',
  notSnoozed: 'Not snoozed: only an acknowledged alert that still pages can be snoozed; acknowledge it first',
  escalated: 'Escalated: the next tier of the escalation policy was paged now',
  notEscalated: 'Not escalated: the escalation policy is not paging this alert’s incident, or has no tier left',
} as const;
export type RequestOutcome = keyof typeof STATUS;

export interface ProcessedRequest {
  action: RequestAction;
  at: number;
  outcome: RequestOutcome;
  alertId: string | null;
}

const ID_SAFE = /^[A-Za-z0-9_-]{1,64}$/;

export function requestIdOf(r: ProcessedRequest): string {
  return ['r1', r.action, r.at.toString(36), r.outcome, r.alertId ?? '-'].join('.');
}

/** The request a requestId of requestIdOf stands for; null for anything else (404). */
export function readRequestId(id: string): ProcessedRequest | null {
  const [v, action, at36, outcome, alert, ...rest] = id.split('.');
  if (v !== 'r1' || rest.length || !action || !at36 || !outcome || !alert) return null;
  if (!Object.hasOwn(REQUEST_ACTIONS, action) || !Object.hasOwn(STATUS, outcome) || !/^[0-9a-z]{1,11}$/.test(at36)) return null;
  if (alert !== '-' && !ID_SAFE.test(alert)) return null;
  return { action: action as RequestAction, at: parseInt(at36, 36), outcome: outcome as RequestOutcome, alertId: alert === '-' ? null : alert };
}

/** Outcomes where the request did nothing (it is still accepted, as Opsgenie accepts it). */
const NOTHING_DONE = new Set<RequestOutcome>(['missing', 'unkept', 'noIncident', 'incidentOver', 'notSnoozed', 'notEscalated']);

/** The `data` of GET /v2/alerts/requests/:requestId, in Opsgenie's words. */
export function requestStatus(r: ProcessedRequest, integrationId: string, alias: string | null) {
  // Closing an alert that is closed is done; anything else asked of one did not happen.
  const success = r.outcome === 'notOpen' ? r.action === 'close' : !NOTHING_DONE.has(r.outcome);
  return {
    success,
    action: REQUEST_ACTIONS[r.action],
    processedAt: new Date(r.at).toISOString(),
    integrationId,
    isSuccess: success,
    status: STATUS[r.outcome],
    alertId: r.alertId ?? '',
    alias: alias ?? '',
  };
}

const SEVERITY_PRIORITY: Record<string, string> = { critical: 'P1', error: 'P2', warning: 'P3', info: 'P5' };
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const priorityOf = (alert: AlertJson): string => {
  const p = alert.details.priority;
  return typeof p === 'string' && Object.hasOwn(PRIORITY_SEVERITY, p) ? p : (SEVERITY_PRIORITY[alert.severity ?? ''] ?? 'P3');
};

/** The `data` of GET /v2/alerts/:identifier: a Tocsin alert as Opsgenie shows one. */
export function opsgenieAlert(alert: AlertJson, alias: string, integration: { id: string; name: string }) {
  const d = alert.details;
  const closedAt = alert.resolved_at;
  const since = (iso: string | null) => (iso === null ? undefined : Date.parse(iso) - Date.parse(alert.opened_at));
  const ackTime = since(alert.acknowledged_at);
  const closeTime = since(closedAt);
  const tags = Array.isArray(d.tags) ? d.tags.filter((t): t is string => typeof t === 'string') : [];
  const details = d.custom_details && typeof d.custom_details === 'object' && !Array.isArray(d.custom_details) ? (d.custom_details as Record<string, unknown>) : {};
  return {
    id: alert.id,
    alias,
    message: alert.summary,
    status: alert.status === 'open' ? 'open' : 'closed',
    acknowledged: alert.acknowledged_at !== null,
    isSeen: alert.acknowledged_at !== null,
    tags,
    snoozed: false,
    count: alert.events,
    createdAt: alert.opened_at,
    updatedAt: closedAt ?? alert.acknowledged_at ?? alert.opened_at,
    source: str(d.source),
    owner: '',
    priority: priorityOf(alert),
    responders: [],
    integration: { id: integration.id, name: integration.name, type: 'API' },
    report: { ...(ackTime === undefined ? {} : { ackTime }), ...(closeTime === undefined ? {} : { closeTime }) },
    entity: str(d.entity),
    description: str(d.description),
    details,
    /** Where the alert is in Tocsin: its incident, when it opened or joined one. */
    tocsin: { incident_id: alert.incident_id, service_id: alert.service_id },
  };
}

/** What GET /v2/alerts lists: Opsgenie's `query` (a subset), `limit`, `offset`, `sort`, `order`. */
export interface ListQuery {
  status?: 'open' | 'resolved';
  alias?: string;
  limit: number;
  offset: number;
}

/** Opsgenie caps offset + limit at 20,000. */
const MAX_WINDOW = 20_000;

/**
 * The list's parameters, or Opsgenie-shaped field errors (a 422). `query` takes the terms a
 * script that watches its own alerts sends: `status:open` / `status:closed` and `alias:<x>`,
 * `=` for `:` and `AND` between terms; anything else is refused by name rather than ignored,
 * so nobody reads a list they did not ask for.
 */
export function parseListQuery(q: Record<string, unknown>): { ok: true; value: ListQuery } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const int = (name: string, dflt: number, min: number, max: number): number => {
    const raw = q[name];
    if (raw === undefined || raw === '') return dflt;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) errors[name] = `${name} must be a whole number from ${min} to ${max}.`;
    return n;
  };
  const limit = int('limit', 20, 1, 100);
  const offset = int('offset', 0, 0, MAX_WINDOW - 1);
  if (!errors.limit && !errors.offset && offset + limit > MAX_WINDOW) errors.offset = `offset + limit must be at most ${MAX_WINDOW}.`;
  if (q.sort !== undefined && q.sort !== 'createdAt') errors.sort = 'sort: only createdAt is supported here.';
  if (q.order !== undefined && q.order !== 'desc') errors.order = 'order: only desc (newest first) is supported here.';
  const value: ListQuery = { limit, offset };
  const text = typeof q.query === 'string' ? q.query.trim() : '';
  for (const term of text ? text.split(/\s+(?:AND\s+)?/i) : []) {
    const m = /^(status|alias)[:=](.+)$/i.exec(term);
    const field = m?.[1]!.toLowerCase();
    const v = m?.[2]!.replace(/^"(.*)"$/, '$1');
    if (field === 'status' && (v === 'open' || v === 'closed')) value.status = v === 'open' ? 'open' : 'resolved';
    else if (field === 'alias' && v) value.alias = v;
    else errors.query = `query: "${term.slice(0, 100)}" is not understood; this server takes status:open, status:closed and alias:<alias>, joined by AND.`;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value };
}
