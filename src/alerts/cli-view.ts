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

/** A heading ("Alerts: 2 still firing of 3, 5 events") and one row per alert; '' when it has none. */
export function alertsTable(items: readonly Alert[]): string {
  if (!items.length) return '';
  const firing = items.filter((a) => a.status === 'open').length;
  const events = items.reduce((n, a) => n + a.events, 0);
  const ordered = [...items].sort((a, b) => (a.status === b.status ? b.opened_at.localeCompare(a.opened_at) : a.status === 'open' ? -1 : 1));
  const rows = ordered.map((a) => [a.status === 'open' ? 'firing' : 'resolved', truncate(a.summary, 50), `${a.source}${said(a)}`, String(a.events), localTime(a.opened_at)]);
  return [`Alerts: ${firing} still firing of ${items.length}, ${events} ${events === 1 ? 'event' : 'events'}`, table(['status', 'summary', 'sender', 'events', 'opened'], rows)].join('\n');
}
