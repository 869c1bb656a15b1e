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
  /** The most the API was asked for: as many came back, so there may be more ("200+"). */
  read?: number;
}

/**
 * A heading ("Alerts: 2 still firing of 3, 5 events") and one row per alert, still firing first,
 * `rows` at most and then how many more; '' when it has none.
 */
export function alertsTable(items: readonly Alert[], o: AlertsTableOptions = {}): string {
  if (!items.length) return '';
  const more = o.read !== undefined && items.length >= o.read ? '+' : '';
  const firing = items.filter((a) => a.status === 'open').length;
  const events = items.reduce((n, a) => n + a.events, 0);
  const ordered = [...items].sort((a, b) => (a.status === b.status ? b.opened_at.localeCompare(a.opened_at) : a.status === 'open' ? -1 : 1));
  const shown = ordered.slice(0, o.rows ?? ordered.length);
  const rows = shown.map((a) => [a.status === 'open' ? 'firing' : 'resolved', truncate(a.summary, 50), `${a.source}${said(a)}`, String(a.events), localTime(a.opened_at)]);
  const heading = `Alerts: ${firing}${firing === items.length ? more : ''} still firing of ${items.length}${more}, ${events}${more} ${events === 1 && !more ? 'event' : 'events'}`;
  const rest = ordered.length - shown.length;
  return [heading, table(['status', 'summary', 'sender', 'events', 'opened'], rows), ...(rest > 0 ? [`… and ${rest}${more} more (--all lists them)`] : [])].join('\n');
}
