import type { ApiResponse } from '../http/api-types.js';
import { bold, dim, fields, localTime, severity, table, text, truncate } from '../cli/output.js';

// How monitors read in a terminal. The shapes are the API's, generated from its OpenAPI document.

export type Monitor = ApiResponse<'/api/v1/monitors/{id}', 'get'>;
export type MonitorPage = ApiResponse<'/api/v1/monitors', 'get'>;
export type Uptime = ApiResponse<'/api/v1/monitors/{id}/uptime', 'get'>;
export type MonitorEvents = ApiResponse<'/api/v1/monitors/{id}/events', 'get'>;

/** `up`, `down (flapping)`, or `paused`: what a monitor is now. */
export function stateText(m: Monitor): string {
  if (m.paused) return 'paused';
  return m.flapping ? `${m.state} (flapping)` : m.state;
}

const seconds = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);
const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** What it checks, in a few words: `GET https://shop.example.com/health`, `db.internal:5432`. */
export function targetText(m: Monitor): string {
  const t = m.target;
  switch (m.type) {
    case 'http':
      return `${str(t.method) || 'GET'} ${str(t.url)}`;
    case 'dns':
      return `${str(t.name)} ${str(t.record_type) || 'A'}${t.resolver ? ` @${str(t.resolver)}` : ''}`;
    case 'heartbeat':
      return `a ping every ${seconds(Number(t.period_s) * 1000)} (+${seconds(Number(t.grace_s) * 1000)} grace)`;
    default:
      return `${str(t.host)}:${str(t.port)}`;
  }
}

/** The expectations beyond "it answers": statuses and body text for http. */
/** How soon a disagreeing check is followed by another (heartbeats are pinged, not checked). */
const recheckText = (m: Monitor): string => {
  const s = m.confirmation.recheck_s;
  if (m.type === 'heartbeat' || m.confirmation.failures_to_down === 1) return '';
  return s === 0 ? ', on the schedule' : `, re-checked after ${seconds(s * 1000)}`;
};

function expectText(m: Monitor): string {
  if (m.type !== 'http') return '-';
  const statuses = Array.isArray(m.target.expected_status) ? (m.target.expected_status as string[]).join(', ') : '200-299';
  const assertions = Array.isArray(m.target.assertions) ? (m.target.assertions as { kind: string; value?: string; path?: string }[]) : [];
  const words = assertions.map((a) => (a.kind === 'body_contains' ? `body contains "${a.value}"` : a.kind === 'body_not_contains' ? `body lacks "${a.value}"` : `${a.path} as asked`));
  const days = typeof m.target.cert_expiry_days === 'number' ? [`certificate valid ${m.target.cert_expiry_days}+ days`] : [];
  return [`status ${statuses}`, ...words, ...days].join('; ');
}

/** The latency of the latest result of any location, e.g. `123 ms`. */
export function lastLatency(m: Monitor): string {
  const latest = [...m.location_states].filter((s) => s.last_result_at).sort((a, b) => String(b.last_result_at).localeCompare(String(a.last_result_at)))[0];
  return latest?.last_latency_ms === null || latest === undefined ? '-' : `${latest.last_latency_ms} ms`;
}

export function monitorTable(page: MonitorPage): string {
  if (!page.items.length) return 'No monitors match.';
  const rows = page.items.map((m) => [stateText(m), truncate(m.name, 40), m.type, truncate(targetText(m), 60), lastLatency(m), m.id]);
  const more = page.next_cursor ? `\n${dim(`More: add --cursor ${page.next_cursor}`)}` : '';
  return table(['state', 'name', 'type', 'target', 'latency', 'id'], rows) + more;
}

export interface Extras {
  /** The service's name, looked up (the monitor carries its id). */
  serviceName?: string | null;
  /** The API's address, to print a heartbeat's full ping URL. */
  base: string;
}

export function monitorFields(m: Monitor, x: Extras): string {
  const c = m.confirmation;
  const where = m.locations.length ? m.locations.join(', ') : 'all';
  const pairs: [string, string][] = [
    ['id', m.id],
    ['type', m.type],
    ['target', targetText(m)],
  ];
  if (m.type === 'http') pairs.push(['expects', expectText(m)]);
  if (m.heartbeat_url) pairs.push(['ping URL', x.base + m.heartbeat_url]);
  pairs.push(
    ['every', m.type === 'heartbeat' ? seconds(m.interval_s * 1000) : `${seconds(m.interval_s * 1000)}, timeout ${seconds(m.timeout_ms)}`],
    ['confirm', `${c.failures_to_down} failure${c.failures_to_down === 1 ? '' : 's'} in a row, at ${c.locations_to_alert === null ? '2 locations (1 when only one checks)' : `${c.locations_to_alert} location${c.locations_to_alert === 1 ? '' : 's'}`}${recheckText(m)}`],
    ['locations', where],
    ['service', m.service_id ? `${x.serviceName ?? m.service_id}` : '-'],
    ['severity', severity(m.severity)],
    ['auto-resolve', text(m.auto_resolve)],
    ['state', `${stateText(m)}${m.state_changed_at ? ` since ${localTime(m.state_changed_at)}` : ''}`],
  );
  if (m.alert_id) pairs.push(['alert', m.alert_id]);
  return fields(pairs);
}

/** `#name  state` then its fields. */
export function monitorDetail(m: Monitor, x: Extras): string {
  return `${bold(m.name)}  ${stateText(m)}\n${monitorFields(m, x)}`;
}

const pct = (u: Uptime | null): string => (u?.uptime_pct === null || u === null ? 'no data' : `${Math.round(u.uptime_pct * 1000) / 1000} %`);

export function uptimeLine(u: Record<'24h' | '7d' | '30d', Uptime | null>): string {
  return `${dim('uptime')}  24h ${pct(u['24h'])}   7d ${pct(u['7d'])}   30d ${pct(u['30d'])}`;
}

export function locationTable(m: Monitor): string {
  if (!m.location_states.length) return 'No results yet.';
  const rows = m.location_states.map((s) => [
    s.location,
    s.status,
    text(s.last_status),
    localTime(s.last_result_at),
    s.last_latency_ms === null ? '-' : `${s.last_latency_ms} ms`,
    truncate(text(s.last_message), 60),
  ]);
  return table(['location', 'status', 'last check', 'at', 'latency', 'message'], rows);
}

export function eventTable(events: MonitorEvents['items']): string {
  if (!events.length) return 'No events in the last 7 days.';
  return table(['at', 'location', 'event', 'message'], events.map((e) => [localTime(e.at), text(e.location), e.kind.replace(/_/g, ' '), truncate(e.message, 70)]));
}
