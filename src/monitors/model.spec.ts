import type { Assertion, CheckSpec, Confirmation, DnsRecordType, HttpSpec, MonitorType } from './model.js';
import { DEFAULT_CONFIRMATION, MAX_INTERVAL_S, MIN_INTERVAL_S, MONITOR_TYPES } from './model.js';

// Turning what a person typed into a monitor's spec: every rule with the field it is about and
// words that say what is wrong. Pure: returns a value or a problem, never throws.

export type Checked<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

/** An assertion as typed: the fields of every kind, checked into an Assertion. */
export interface AssertionInput {
  kind: Assertion['kind'];
  value?: string;
  path?: string;
  equals?: string;
  matches?: string;
}

/** The target as the API takes it: one loose object, the fields of its type. */
export interface TargetInput {
  url?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | null;
  follow_redirects?: boolean;
  expected_status?: string[];
  assertions?: AssertionInput[];
  degraded_after_ms?: number | null;
  cert_expiry_days?: number | null;
  host?: string;
  port?: number;
  name?: string;
  record_type?: string;
  resolver?: string | null;
  expected?: string[];
  period_s?: number;
  grace_s?: number;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const RECORD_TYPES: readonly DnsRecordType[] = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS'];
const HOST = /^(?=.{1,253}$)([a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?)*\.?$|^\[?[0-9a-fA-F:.]+\]?$/;
const STATUS_RANGE = /^([1-5]\d\d)(-([1-5]\d\d))?$/;

const bad = (field: string, message: string): { ok: false; field: string; message: string } => ({ ok: false, field, message });

export const isMonitorType = (t: string): t is MonitorType => (MONITOR_TYPES as readonly string[]).includes(t);

function checkUrl(raw: string | undefined): Checked<string> {
  if (!raw?.trim()) return bad('target.url', 'Enter the URL to check, e.g. https://example.com/health');
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return bad('target.url', `"${raw.slice(0, 100)}" is not a URL; write it in full, e.g. https://example.com/health`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return bad('target.url', 'The URL must start with http:// or https://');
  if (url.username || url.password) return bad('target.url', 'Put credentials in a header (Authorization), not in the URL');
  return { ok: true, value: url.toString() };
}

function checkStatuses(list: string[] | undefined): Checked<string[]> {
  const value = (list ?? ['200-299']).map((s) => s.trim()).filter(Boolean);
  if (value.length === 0) return bad('target.expected_status', 'List at least one expected status, e.g. 200-299');
  for (const s of value) {
    const m = STATUS_RANGE.exec(s);
    if (!m || (m[3] !== undefined && Number(m[3]) < Number(m[1]))) return bad('target.expected_status', `"${s}" is not a status code or range like 200 or 200-299`);
  }
  return { ok: true, value };
}

function checkAssertion(a: AssertionInput, field: string): Checked<Assertion> {
  if (a.kind !== 'json_path') {
    if (!a.value) return bad(field, 'Say which text the body must (or must not) contain');
    return { ok: true, value: { kind: a.kind, value: a.value } };
  }
  if (!a.path?.trim()) return bad(field, 'A JSON assertion needs a path, e.g. $.status');
  if ((a.equals === undefined) === (a.matches === undefined)) return bad(field, 'A JSON assertion needs either equals or matches');
  if (a.matches !== undefined) {
    try {
      new RegExp(a.matches);
    } catch {
      return bad(field, `"${a.matches.slice(0, 80)}" is not a valid regular expression`);
    }
    return { ok: true, value: { kind: 'json_path', path: a.path.trim(), matches: a.matches } };
  }
  return { ok: true, value: { kind: 'json_path', path: a.path.trim(), equals: a.equals } };
}

function checkAssertions(list: AssertionInput[] | undefined): Checked<Assertion[]> {
  const value: Assertion[] = [];
  for (const [i, a] of (list ?? []).entries()) {
    const one = checkAssertion(a, `target.assertions[${i}]`);
    if (!one.ok) return one;
    value.push(one.value);
  }
  return { ok: true, value };
}

function checkHttp(t: TargetInput): Checked<HttpSpec> {
  const url = checkUrl(t.url);
  if (!url.ok) return url;
  const method = (t.method ?? 'GET').toUpperCase();
  if (!(METHODS as readonly string[]).includes(method)) return bad('target.method', `${t.method} is not an HTTP method Tocsin sends; use one of ${METHODS.join(', ')}`);
  const statuses = checkStatuses(t.expected_status);
  if (!statuses.ok) return statuses;
  const assertions = checkAssertions(t.assertions);
  if (!assertions.ok) return assertions;
  for (const name of Object.keys(t.headers ?? {})) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return bad('target.headers', `"${name.slice(0, 60)}" is not a valid header name`);
  }
  return {
    ok: true,
    value: {
      type: 'http',
      url: url.value,
      method: method as HttpSpec['method'],
      headers: t.headers ?? {},
      body: t.body ?? null,
      follow_redirects: t.follow_redirects ?? true,
      expected_status: statuses.value,
      assertions: assertions.value,
      degraded_after_ms: t.degraded_after_ms ?? null,
      cert_expiry_days: t.cert_expiry_days ?? (url.value.startsWith('https:') ? 14 : null),
    },
  };
}

function checkHostPort(t: TargetInput): Checked<{ host: string; port: number }> {
  const host = t.host?.trim() ?? '';
  if (!host || !HOST.test(host)) return bad('target.host', host ? `"${host.slice(0, 100)}" is not a host name or IP address` : 'Enter the host to check');
  if (t.port === undefined || !Number.isInteger(t.port) || t.port < 1 || t.port > 65_535) return bad('target.port', 'The port must be a whole number from 1 to 65535');
  return { ok: true, value: { host, port: t.port } };
}

/** The spec of a monitor of `type` from its target; `timeoutMs` bounds what assertions may ask. */
export function checkSpec(type: MonitorType, t: TargetInput): Checked<CheckSpec> {
  switch (type) {
    case 'http':
      return checkHttp(t);
    case 'tcp': {
      const hp = checkHostPort(t);
      return hp.ok ? { ok: true, value: { type, ...hp.value } } : hp;
    }
    case 'tls': {
      const hp = checkHostPort({ ...t, port: t.port ?? 443 });
      return hp.ok ? { ok: true, value: { type, ...hp.value, cert_expiry_days: t.cert_expiry_days ?? 14 } } : hp;
    }
    case 'dns': {
      const name = t.name?.trim() ?? '';
      if (!name || !HOST.test(name)) return bad('target.name', name ? `"${name.slice(0, 100)}" is not a DNS name` : 'Enter the name to resolve');
      const recordType = (t.record_type ?? 'A').toUpperCase() as DnsRecordType;
      if (!RECORD_TYPES.includes(recordType)) return bad('target.record_type', `record_type must be one of ${RECORD_TYPES.join(', ')}`);
      const resolver = t.resolver?.trim() || null;
      if (resolver && !/^[0-9a-fA-F:.[\]]+(:\d{1,5})?$/.test(resolver)) return bad('target.resolver', 'The resolver is an IP address, optionally with :port');
      return { ok: true, value: { type, name, record_type: recordType, resolver, expected: (t.expected ?? []).map((e) => e.trim()).filter(Boolean) } };
    }
    case 'heartbeat': {
      const period = t.period_s ?? 60;
      const grace = t.grace_s ?? 60;
      if (!Number.isInteger(period) || period < MIN_INTERVAL_S || period > 31 * MAX_INTERVAL_S) return bad('target.period_s', `The period is whole seconds, at least ${MIN_INTERVAL_S} and at most 31 days`);
      if (!Number.isInteger(grace) || grace < 0 || grace > MAX_INTERVAL_S) return bad('target.grace_s', 'The grace is whole seconds, from 0 to one day');
      return { ok: true, value: { type, period_s: period, grace_s: grace } };
    }
  }
}

export function checkInterval(intervalS: number): Checked<number> {
  if (!Number.isInteger(intervalS) || intervalS < MIN_INTERVAL_S || intervalS > MAX_INTERVAL_S) {
    return bad('interval_s', `Checks run every ${MIN_INTERVAL_S} seconds at the most often, and at least once a day (${MAX_INTERVAL_S} s)`);
  }
  return { ok: true, value: intervalS };
}

export function checkTimeout(timeoutMs: number, intervalS: number): Checked<number> {
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 60_000) return bad('timeout_ms', 'The timeout is from 100 ms to 60,000 ms');
  if (timeoutMs >= intervalS * 1000) return bad('timeout_ms', 'The timeout must be shorter than the interval, or checks would overlap');
  return { ok: true, value: timeoutMs };
}

export function checkConfirmation(c: Partial<Confirmation> | undefined, locationCount: number): Checked<Confirmation> {
  const v = { ...DEFAULT_CONFIRMATION, ...c };
  if (!Number.isInteger(v.failures_to_down) || v.failures_to_down < 1 || v.failures_to_down > 10) return bad('confirmation.failures_to_down', 'Consecutive failures to confirm is from 1 to 10');
  if (v.locations_to_alert !== null && (!Number.isInteger(v.locations_to_alert) || v.locations_to_alert < 1)) return bad('confirmation.locations_to_alert', 'Locations to alert is at least 1');
  if (v.locations_to_alert !== null && locationCount > 0 && v.locations_to_alert > locationCount) {
    return bad('confirmation.locations_to_alert', `Only ${locationCount} location(s) check this monitor, so ${v.locations_to_alert} can never be down at once`);
  }
  if (!Number.isInteger(v.flap_changes) || v.flap_changes < 2) return bad('confirmation.flap_changes', 'Flapping needs at least 2 state changes to mean anything');
  if (!Number.isInteger(v.flap_window_s) || v.flap_window_s < 60) return bad('confirmation.flap_window_s', 'The flapping window is at least 60 seconds');
  if (!Number.isInteger(v.recheck_s) || v.recheck_s < 0 || v.recheck_s > 3600) return bad('confirmation.recheck_s', 'The re-check is from 1 to 3,600 seconds after a disagreeing check, or 0 for none');
  return { ok: true, value: v };
}

/** The name a new monitor gets when none is given: its host (or the heartbeat's word). */
export function defaultName(spec: CheckSpec): string {
  switch (spec.type) {
    case 'http':
      return new URL(spec.url).host + (new URL(spec.url).pathname === '/' ? '' : new URL(spec.url).pathname);
    case 'dns':
      return `${spec.name} (${spec.record_type})`;
    case 'heartbeat':
      return 'Heartbeat';
    default:
      return `${spec.host}:${spec.port}`;
  }
}

/** What to put back in the API's `target`: the spec without its type tag. */
export function targetOf(spec: CheckSpec): Omit<CheckSpec, 'type'> {
  const { type: _type, ...rest } = spec;
  return rest;
}
