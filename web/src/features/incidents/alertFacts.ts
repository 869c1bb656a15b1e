import type { ApiResponse } from '../../app/api';

// What the incident page says of each alert behind it: where it came from, how many events it
// absorbed, its links, and what the sender said beyond the summary. Pure: tested in alertFacts.test.ts.

export type IncidentAlert = ApiResponse<'/api/v1/alerts', 'get'>['items'][number];

const SENDERS: Record<string, string> = { pagerduty: 'PagerDuty Events', alertmanager: 'Alertmanager', opsgenie: 'Opsgenie', webhook: 'Webhook', monitor: 'Monitor' };

/** The sender, as people know it ("Alertmanager"), with the severity it sent when it sent one. */
export function senderOf(a: IncidentAlert): string {
  const sender = SENDERS[a.source] ?? a.source;
  const said = typeof a.details.severity === 'string' ? a.details.severity : typeof a.details.priority === 'string' ? a.details.priority : null;
  return said ? `${sender}, ${said}` : sender;
}

/** "1 event", or "12 events (11 repeats)": what deduplication absorbed, never lost. */
export function eventsText(events: number): string {
  return events > 1 ? `${events} events (${events - 1} ${events === 2 ? 'repeat' : 'repeats'})` : '1 event';
}

export interface AlertLink {
  href: string;
  text: string;
}

/** An http(s) address: the only links an alert's sender may put on the page. */
export const isHttp = (href: unknown): href is string => typeof href === 'string' && /^https?:\/\//i.test(href);

/** The sender's links (dashboards, runbooks, Alertmanager's source), then its own page, http(s) only. */
export function linksOf(a: IncidentAlert): AlertLink[] {
  const out: AlertLink[] = [];
  const links = Array.isArray(a.details.links) ? (a.details.links as { href?: unknown; text?: unknown }[]) : [];
  for (const l of links) if (isHttp(l?.href)) out.push({ href: l.href, text: typeof l.text === 'string' && l.text.trim() ? l.text : l.href });
  if (isHttp(a.details.client_url)) out.push({ href: a.details.client_url, text: typeof a.details.client === 'string' && a.details.client ? a.details.client : 'Sender' });
  return out;
}

export interface DetailGroup {
  title: string;
  entries: [string, string][];
}

const GROUPS: [string, string][] = [
  ['labels', 'Labels'],
  ['annotations', 'Annotations'],
  ['custom_details', 'Details'],
];
// Shown elsewhere (links, the sender line) or bookkeeping: not repeated among the details.
const SHOWN = new Set(['links', 'images', 'client', 'client_url', 'generatorURL', 'severity', 'priority', 'dedup_key', 'integration_key_id', 'monitor_id', 'results', 'payload']);

const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** What the sender said beyond the summary, as key and value: labels, annotations, custom details, then the rest. */
export function detailGroupsOf(a: IncidentAlert): DetailGroup[] {
  const groups: DetailGroup[] = [];
  for (const [key, title] of GROUPS) {
    const v = a.details[key];
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const entries = Object.entries(v as Record<string, unknown>).map(([k, x]): [string, string] => [k, text(x)]);
      if (entries.length) groups.push({ title, entries });
    }
  }
  const rest = Object.entries(a.details)
    .filter(([k, v]) => !SHOWN.has(k) && !GROUPS.some(([g]) => g === k) && v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]): [string, string] => [k, Array.isArray(v) ? v.map(text).join(', ') : text(v)]);
  if (rest.length) groups.push({ title: 'Sender', entries: rest });
  return groups;
}

/** Open ones first (they are what is still firing), each part newest first. */
export function inAttentionOrder(alerts: readonly IncidentAlert[]): IncidentAlert[] {
  return [...alerts].sort((a, b) => (a.status === b.status ? b.opened_at.localeCompare(a.opened_at) : a.status === 'open' ? -1 : 1));
}
