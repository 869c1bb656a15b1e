import type { Severity } from '../incidents/types';
import type { Monitor, MonitorInput, MonitorPatch, MonitorType } from './types';

// The monitor form's state, and the API body it becomes. Empty optional fields are left out on
// create, so the server's defaults apply (timeout from the interval, 14 days' certificate warning
// for https); editing sends the whole target, which the API checks and replaces as one.

export interface AssertionRow {
  kind: 'body_contains' | 'body_not_contains' | 'json_path';
  value: string;
  path: string;
  equals: string;
}
export interface HeaderRow {
  name: string;
  value: string;
}
type Num = number | '';

export interface MonitorForm {
  type: MonitorType;
  name: string;
  url: string;
  method: string;
  expectedStatus: string;
  followRedirects: boolean;
  headers: HeaderRow[];
  assertions: AssertionRow[];
  degradedAfterMs: Num;
  certExpiryDays: Num;
  host: string;
  port: Num;
  dnsName: string;
  recordType: string;
  resolver: string;
  expected: string;
  periodS: Num;
  graceS: Num;
  intervalS: number;
  timeoutMs: Num;
  failuresToDown: Num;
  locationsToAlert: Num;
  recheckS: Num;
  locations: string[];
  serviceId: string | null;
  severity: Severity;
}

export const EMPTY_FORM: MonitorForm = {
  type: 'http',
  name: '',
  url: '',
  method: 'GET',
  expectedStatus: '200-299',
  followRedirects: true,
  headers: [],
  assertions: [],
  degradedAfterMs: '',
  certExpiryDays: '',
  host: '',
  port: '',
  dnsName: '',
  recordType: 'A',
  resolver: '',
  expected: '',
  periodS: 3600,
  graceS: 300,
  intervalS: 60,
  timeoutMs: '',
  failuresToDown: '',
  locationsToAlert: '',
  recheckS: '',
  locations: [],
  serviceId: null,
  severity: 'SEV-2',
};

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const num = (v: unknown): Num => (typeof v === 'number' ? v : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(text) : []);
const opt = (v: Num): number | undefined => (v === '' ? undefined : v);
const split = (s: string): string[] => s.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);

/** A URL typed without its scheme ("example.com/health") is meant as https. */
export const withScheme = (url: string): string => (/^[a-z][a-z0-9+.-]*:\/\//i.test(url.trim()) || !url.trim() ? url.trim() : `https://${url.trim()}`);

export function fromMonitor(m: Monitor): MonitorForm {
  const t = m.target;
  const headers = t.headers && typeof t.headers === 'object' ? Object.entries(t.headers as Record<string, unknown>).map(([name, value]) => ({ name, value: text(value) })) : [];
  const assertions = (Array.isArray(t.assertions) ? (t.assertions as Record<string, unknown>[]) : []).map((a) => ({
    kind: (a.kind as AssertionRow['kind']) ?? 'body_contains',
    value: text(a.value),
    path: text(a.path),
    equals: text(a.equals),
  }));
  return {
    ...EMPTY_FORM,
    type: m.type,
    name: m.name,
    url: text(t.url),
    method: text(t.method) || 'GET',
    expectedStatus: list(t.expected_status).join(', ') || '200-299',
    followRedirects: t.follow_redirects !== false,
    headers,
    assertions,
    degradedAfterMs: num(t.degraded_after_ms),
    certExpiryDays: num(t.cert_expiry_days),
    host: text(t.host),
    port: num(t.port),
    dnsName: text(t.name),
    recordType: text(t.record_type) || 'A',
    resolver: text(t.resolver),
    expected: list(t.expected).join(', '),
    periodS: num(t.period_s),
    graceS: num(t.grace_s),
    intervalS: m.interval_s,
    timeoutMs: m.timeout_ms,
    failuresToDown: m.confirmation.failures_to_down,
    locationsToAlert: m.confirmation.locations_to_alert ?? '',
    recheckS: m.confirmation.recheck_s,
    locations: m.locations,
    serviceId: m.service_id,
    severity: m.severity,
  };
}

function assertionBody(a: AssertionRow) {
  return a.kind === 'json_path' ? { kind: a.kind, path: a.path.trim(), equals: a.equals } : { kind: a.kind, value: a.value };
}

/** The target of the form's type: only that type's fields. */
export function targetOf(f: MonitorForm): NonNullable<MonitorInput['target']> {
  switch (f.type) {
    case 'http':
      return {
        url: withScheme(f.url),
        method: f.method,
        expected_status: split(f.expectedStatus),
        follow_redirects: f.followRedirects,
        headers: Object.fromEntries(f.headers.filter((h) => h.name.trim()).map((h) => [h.name.trim(), h.value])),
        assertions: f.assertions.map(assertionBody),
        ...(f.degradedAfterMs !== '' ? { degraded_after_ms: f.degradedAfterMs } : {}),
        ...(f.certExpiryDays !== '' ? { cert_expiry_days: f.certExpiryDays } : {}),
      };
    case 'tcp':
      return { host: f.host.trim(), port: opt(f.port) };
    case 'tls':
      return { host: f.host.trim(), port: opt(f.port) ?? 443, ...(f.certExpiryDays !== '' ? { cert_expiry_days: f.certExpiryDays } : {}) };
    case 'dns':
      return { name: f.dnsName.trim(), record_type: f.recordType, resolver: f.resolver.trim() || null, expected: split(f.expected) };
    case 'heartbeat':
      return { period_s: opt(f.periodS), grace_s: opt(f.graceS) };
  }
}

function common(f: MonitorForm): MonitorPatch {
  const confirmation = {
    ...(f.failuresToDown !== '' ? { failures_to_down: f.failuresToDown } : {}),
    locations_to_alert: opt(f.locationsToAlert) ?? null,
    ...(f.recheckS !== '' ? { recheck_s: f.recheckS } : {}),
  };
  return {
    ...(f.name.trim() ? { name: f.name.trim() } : {}),
    target: targetOf(f),
    // A heartbeat is not polled: its interval is how often the server looks for a missed ping.
    ...(f.type === 'heartbeat' ? {} : { interval_s: f.intervalS }),
    ...(f.timeoutMs !== '' && f.type !== 'heartbeat' ? { timeout_ms: f.timeoutMs } : {}),
    confirmation,
    locations: f.locations,
    service_id: f.serviceId,
    severity: f.severity,
  };
}

export const toCreateBody = (f: MonitorForm): MonitorInput => ({ type: f.type, ...common(f) });
export const toPatchBody = (f: MonitorForm): MonitorPatch => common(f);

/** The form's main field per type, named as the API names it in errors. */
export const MAIN_FIELD: Record<MonitorType, string> = { http: 'target.url', tcp: 'target.host', tls: 'target.host', dns: 'target.name', heartbeat: 'target.period_s' };

/** API fields shown under "More options": an error about one opens it. */
export const ADVANCED_FIELDS = [
  'name',
  'interval_s',
  'timeout_ms',
  'target.method',
  'target.expected_status',
  'target.headers',
  'target.assertions',
  'target.degraded_after_ms',
  'target.cert_expiry_days',
  'target.follow_redirects',
  'target.record_type',
  'target.resolver',
  'target.expected',
  'target.grace_s',
  'service_id',
  'severity',
  'locations',
  'confirmation',
];

/** Every API field the form shows beside an input (assertions by index). */
export const formFields = (f: MonitorForm): string[] => [
  ...ADVANCED_FIELDS.filter((x) => x !== 'target.assertions'),
  ...f.assertions.map((_, i) => `target.assertions[${i}]`),
  'target.url',
  'target.host',
  'target.port',
  'target.name',
  'target.period_s',
];

/** Is the API's `field` one that sits under "More options"? */
export const isAdvanced = (field: string): boolean => ADVANCED_FIELDS.some((a) => field === a || field.startsWith(`${a}.`) || field.startsWith(`${a}[`));
