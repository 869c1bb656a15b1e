import { localTime, table, truncate } from '../cli/output.js';
import type { ApiResponse } from '../http/api-types.js';

// What `tocsin incident show` prints of the alerts behind an incident, as the incident page does:
// still firing first, each with its sender, the severity it sent and the events it absorbed.

export type IncidentAlerts = ApiResponse<'/api/v1/alerts', 'get'>;
type Alert = IncidentAlerts['items'][number];

const said = (a: Alert): string => {
  const v = a.details.severity ?? a.details.priority;
  return typeof v === 'string' ? ` ${v}` : '';
};

export interface AlertsTableOptions {
  /** Rows shown at most (a storm's hundreds would push the timeline off the screen); the rest are counted. */
  rows?: number;
  /** The incident's totals from the API, when `items` may be only its newest alerts. */
  totals?: IncidentAlerts['totals'];
}

/** Thousands grouped, as the timeline's folded runs say them ("4,999"). */
const count = (n: number) => n.toLocaleString('en');
const plural = (n: number, one: string) => `${count(n)} ${one}${n === 1 ? '' : 's'}`;

/**
 * A heading ("Alerts: 2 still firing of 3, 5 events") and one row per alert, still firing first,
 * `rows` at most and then how many more; '' when it has none. The heading counts `totals` where
 * given (a storm's thousands), else the items.
 */
export function alertsTable(items: readonly Alert[], o: AlertsTableOptions = {}): string {
  if (!items.length) return '';
  const totals = o.totals ?? { alerts: items.length, open: items.filter((a) => a.status === 'open').length, events: items.reduce((n, a) => n + a.events, 0) };
  const ordered = [...items].sort((a, b) => (a.status === b.status ? b.opened_at.localeCompare(a.opened_at) : a.status === 'open' ? -1 : 1));
  const shown = ordered.slice(0, o.rows ?? ordered.length);
  const rows = shown.map((a) => [a.status === 'open' ? 'firing' : 'resolved', truncate(a.summary, 50), `${a.source}${said(a)}`, String(a.events), localTime(a.opened_at)]);
  const heading = `Alerts: ${count(totals.open)} still firing of ${count(totals.alerts)}, ${plural(totals.events, 'event')}`;
  const rest = Math.max(totals.alerts, ordered.length) - shown.length;
  return [heading, table(['status', 'summary', 'sender', 'events', 'opened'], rows), ...(rest > 0 ? [`… and ${count(rest)} more (--all lists them)`] : [])].join('\n');
}
