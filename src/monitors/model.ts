// Uptime monitors: the shapes every part shares (checks, scheduler, confirmation, store, API).
// Pure types and rules; no I/O, no clock.

import { keyHash } from './model.schedule.js';

export type MonitorType = 'http' | 'tcp' | 'dns' | 'tls' | 'heartbeat';
export const MONITOR_TYPES: readonly MonitorType[] = ['http', 'tcp', 'dns', 'tls', 'heartbeat'];

/** One check's verdict. `degraded` = it answered correctly but slower than the monitor allows. */
export type CheckStatus = 'up' | 'degraded' | 'down';

/** Why a check failed (or degraded); stored as a small code, shown to people as words. */
export type FailureKind =
  | 'timeout' // no answer within the monitor's timeout
  | 'refused' // connection refused
  | 'reset' // connection reset or closed early
  | 'dns' // the name did not resolve (or not to what was expected)
  | 'tls' // handshake failed, certificate invalid or untrusted
  | 'status' // HTTP status not among the expected codes
  | 'assertion' // body / JSON assertion failed
  | 'too_large' // body over the read limit
  | 'redirects' // too many redirects
  | 'slow' // answered, slower than degraded_after_ms (status degraded)
  | 'cert_expiring' // certificate expires within cert_expiry_days (status degraded)
  | 'heartbeat_late' // no ping within period + grace
  | 'heartbeat_failed' // the job reported failure (/fail or non-zero exit code)
  | 'error'; // anything else (the message says what)

export const FAILURE_KINDS: readonly FailureKind[] = [
  'timeout',
  'refused',
  'reset',
  'dns',
  'tls',
  'status',
  'assertion',
  'too_large',
  'redirects',
  'slow',
  'cert_expiring',
  'heartbeat_late',
  'heartbeat_failed',
  'error',
];

export type Assertion =
  | { kind: 'body_contains'; value: string }
  | { kind: 'body_not_contains'; value: string }
  /** `path` is a dotted JSON path (`$.data.items[0].state` or `data.items.0.state`); equals or matches (a regex). */
  | { kind: 'json_path'; path: string; equals?: string; matches?: string };

export interface HttpSpec {
  type: 'http';
  url: string;
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
  headers: Record<string, string>;
  body: string | null;
  follow_redirects: boolean;
  /** e.g. ["200-299"] or ["200", "301"]. */
  expected_status: string[];
  assertions: Assertion[];
  /** Slower than this counts as degraded; null = never. */
  degraded_after_ms: number | null;
  /** For https: a certificate expiring within this many days counts as degraded; null = never. */
  cert_expiry_days: number | null;
}

export interface TcpSpec {
  type: 'tcp';
  host: string;
  port: number;
}

export type DnsRecordType = 'A' | 'AAAA' | 'CNAME' | 'MX' | 'TXT' | 'NS';
export interface DnsSpec {
  type: 'dns';
  name: string;
  record_type: DnsRecordType;
  /** `host` or `host:port` of the resolver to ask; null = the system's. */
  resolver: string | null;
  /** When non-empty, the answer must contain each of these. */
  expected: string[];
}

export interface TlsSpec {
  type: 'tls';
  host: string;
  port: number;
  /** Certificate expiring within this many days counts as degraded. */
  cert_expiry_days: number;
}

export interface HeartbeatSpec {
  type: 'heartbeat';
  period_s: number;
  grace_s: number;
}

/** What to check: everything a checker needs, nothing about scheduling. */
export type CheckSpec = HttpSpec | TcpSpec | DnsSpec | TlsSpec | HeartbeatSpec;
/** A spec a probe actively runs (heartbeats are passive: pings come to the server). */
export type ActiveSpec = Exclude<CheckSpec, HeartbeatSpec>;

/** One check's result, as a checker returns it. Checkers never throw. */
export interface CheckOutcome {
  status: CheckStatus;
  /** Time to the answer (or to the failure), whole milliseconds. */
  latency_ms: number;
  failure: FailureKind | null;
  /** Human words for a failure ("expected 200-299, got 503"), at most ~200 characters. */
  message: string | null;
  /** For TLS and https checks: when the peer's certificate expires (epoch ms). */
  cert_expires_at?: number | null;
}

/** Confirmation settings (the seed's "two or three consecutive failures from multiple locations"). */
export interface Confirmation {
  /** K: consecutive failures at one location mark it down (and K successes mark it up). */
  failures_to_down: number;
  /** M: locations down (of all the monitor's locations) that open the alert; null = all of them, capped at 2. */
  locations_to_alert: number | null;
  /** F: more than this many state changes within flap_window_s is flapping. */
  flap_changes: number;
  flap_window_s: number;
  /**
   * Seconds after a check that disagrees with its location's state (a failure while up, a success
   * while down) before the location checks again, off its slots, until K agree: a failure is
   * confirmed in seconds, not in K intervals. 0: on the slots only.
   */
  recheck_s: number;
}

export const DEFAULT_CONFIRMATION: Confirmation = { failures_to_down: 2, locations_to_alert: null, flap_changes: 4, flap_window_s: 600, recheck_s: 10 };

/** A monitor's stored confirmation, with the defaults of settings added since it was saved. */
export const confirmationOf = (json: string): Confirmation => ({ ...DEFAULT_CONFIRMATION, ...(JSON.parse(json) as Partial<Confirmation>) });

export const MIN_INTERVAL_S = 10;
export const MAX_INTERVAL_S = 86_400;

const STATUS_CODES: readonly CheckStatus[] = ['up', 'degraded', 'down'];

/** A result's status and failure kind packed in one small integer (a raw result row stays small). */
export const encodeResult = (status: CheckStatus, failure: FailureKind | null): number =>
  STATUS_CODES.indexOf(status) * 32 + (failure === null ? 0 : FAILURE_KINDS.indexOf(failure) + 1);

export function decodeResult(code: number): { status: CheckStatus; failure: FailureKind | null } {
  const failure = code % 32;
  return { status: STATUS_CODES[Math.floor(code / 32)] ?? 'down', failure: failure === 0 ? null : (FAILURE_KINDS[failure - 1] ?? 'error') };
}

/** The locations that check a monitor: the ones it names, or every location when it names none. */
export const locationsOf = (named: readonly string[], all: readonly string[]): string[] => (named.length > 0 ? all.filter((l) => named.includes(l)) : [...all]);

/** Alert state that flaps is held open; `changes` are the times of recent alert state changes. */
export interface FlapState {
  changes: number[];
  flapping: boolean;
}

/**
 * Which live instance checks a monitor at a location: rendezvous hashing, so every instance
 * computes the same answer from the same list, and when one dies only its monitors move.
 */
export function assignedTo(monitorId: string, owners: readonly string[]): string | null {
  let best: string | null = null;
  let bestScore = -1;
  for (const o of owners) {
    const score = keyHash(`${o}\u0000${monitorId}`);
    if (score > bestScore || (score === bestScore && best !== null && o < best)) [best, bestScore] = [o, score];
  }
  return best;
}
