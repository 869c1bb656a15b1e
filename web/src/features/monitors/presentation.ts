import { heartbeatPingUrl } from '../integrations/senderUrls';
import type { LocationState, Monitor, MonitorType, ShownState } from './types';

// How monitors read to a person: states in words and colours, targets in a line, intervals.

export const shownState = (m: Pick<Monitor, 'paused' | 'state'>): ShownState => (m.paused ? 'paused' : m.state);

export const STATE_LABEL: Record<ShownState, string> = { up: 'Up', degraded: 'Degraded', down: 'Down', unknown: 'Unknown', paused: 'Paused' };
export const STATE_COLOR: Record<ShownState, string> = { up: 'green', degraded: 'yellow', down: 'red', unknown: 'gray', paused: 'blue' };

/** What is broken first: down, degraded, not yet known, fine, then switched off. */
const STATE_RANK: Record<ShownState, number> = { down: 0, degraded: 1, unknown: 2, up: 3, paused: 4 };

export function byUrgency(a: Monitor, b: Monitor): number {
  return STATE_RANK[shownState(a)] - STATE_RANK[shownState(b)] || a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id.localeCompare(b.id);
}

export const TYPE_LABEL: Record<MonitorType, string> = { http: 'HTTP', tcp: 'TCP', tls: 'TLS', dns: 'DNS', heartbeat: 'Heartbeat' };

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** "GET https://example.com/health", "db.internal:5432", "example.com A", "every 5 min". */
export function targetSummary(m: Pick<Monitor, 'type' | 'target'>): string {
  const t = m.target;
  switch (m.type) {
    case 'http':
      return `${str(t.method) || 'GET'} ${str(t.url)}`;
    case 'tcp':
    case 'tls':
      return `${str(t.host)}:${str(t.port) || (m.type === 'tls' ? '443' : '')}`;
    case 'dns':
      return `${str(t.name)} ${str(t.record_type) || 'A'}`;
    case 'heartbeat':
      return `expects a ping every ${formatSeconds(Number(t.period_s) || 0)}`;
  }
}

/** 10 → "10 s", 60 → "1 min", 90 → "90 s", 3600 → "1 h", 86400 → "1 day". */
export function formatSeconds(s: number): string {
  if (s >= 86_400 && s % 86_400 === 0) return s === 86_400 ? '1 day' : `${s / 86_400} days`;
  if (s >= 3600 && s % 3600 === 0) return `${s / 3600} h`;
  if (s >= 60 && s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}

export const INTERVALS = [10, 30, 60, 300, 900, 3600];

export const formatLatency = (ms: number | null | undefined): string => (ms === null || ms === undefined ? '—' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`);

/** 99.953 → "99.95%", 100 → "100%", null → "—": two decimals, never rounding up to 100. */
export function formatPct(pct: number | null | undefined): string {
  if (pct === null || pct === undefined) return '—';
  if (pct >= 100) return '100%';
  const floored = Math.floor(pct * 100) / 100;
  return `${floored.toFixed(2).replace(/\.?0+$/, '')}%`;
}

/** Failed, but fewer times in a row than the monitor's confirmation asks: not down yet. */
const confirmingFailure = (l: LocationState): boolean => l.status === 'unknown' && l.last_status === 'down';

/** A location's latest check in words: its confirmed status, and the last check when it differs. */
export function locationStatus(l: LocationState): { label: string; color: string } {
  if (l.status === 'unknown' && !l.last_status) return { label: 'Waiting for first check', color: 'gray' };
  if (l.status === 'up' && l.last_status === 'degraded') return { label: 'Degraded', color: 'yellow' };
  if (l.status === 'up' && l.last_status === 'down') return { label: 'Up (last check failed, confirming)', color: 'yellow' };
  if (l.status === 'down' && l.last_status === 'up') return { label: 'Down (recovering)', color: 'red' };
  if (confirmingFailure(l)) return { label: 'Failing, confirming', color: 'orange' };
  return { label: STATE_LABEL[l.status], color: STATE_COLOR[l.status] };
}

/** The monitor's state in words for its header: "Unknown" says why (nothing checked yet, or a failure being confirmed). */
export function stateSentence(m: Monitor): string {
  const s = shownState(m);
  if (s === 'unknown' && m.location_states.every((l) => !l.last_result_at)) return m.type === 'heartbeat' ? 'Unknown — waiting for the first ping' : 'Unknown — waiting for first check';
  // A new monitor's first check failed (it is checked at once): say so, not a bare "Unknown".
  if (s === 'unknown' && m.location_states.some(confirmingFailure)) return 'Unknown — the last check failed, confirming';
  return STATE_LABEL[s];
}

/** The most recent latency over the monitor's locations. */
export function lastLatency(m: Monitor): number | null {
  let best: LocationState | null = null;
  for (const l of m.location_states) if (l.last_result_at && l.last_latency_ms !== null && (!best || l.last_result_at > best.last_result_at!)) best = l;
  return best?.last_latency_ms ?? null;
}

/** The Opsgenie heartbeat ping for a heartbeat monitor called `name` (docs/integrations.md). */
export const opsgeniePing = (origin: string, name: string): string =>
  `curl -fsS -m 10 -H 'Authorization: GenieKey <key>' ${heartbeatPingUrl(origin, encodeURIComponent(name))}`;
