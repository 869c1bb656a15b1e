import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqlitePath } from './db/url.js';
import { ValidationError } from './errors.js';

export interface Config {
  databaseUrl: string;
  port: number;
  host: string;
  /** The address people reach Tocsin at; used in links (setup link, emails). */
  publicUrl: string;
  logLevel: string;
  bodyLimitBytes: number;
  /** Secure cookies need HTTPS; default on when publicUrl is https. */
  cookieSecure: boolean;
  sessionTtlHours: number;
  engineIntervalMs: number;
  /** Finished (done or failed) durable jobs are deleted this many hours after they finish. */
  jobRetentionHours: number;
  signInAttemptsPerMinute: number;
  /** Sign-in attempts per client address per minute, over all emails. */
  signInAttemptsPerClientPerMinute: number;
  /** How long a SQLite write waits for another writer's lock before answering 503. */
  sqliteBusyTimeoutMs: number;
  /** PostgreSQL: the longest one statement may take before the request answers 503. */
  dbQueryTimeoutMs: number;
  /** PostgreSQL: the longest a connection may take to open (or to come free from a full pool). */
  dbConnectTimeoutMs: number;
  /** PostgreSQL connections per instance. */
  dbPoolSize: number;
  /** Believe X-Forwarded-For/-Proto (only behind a reverse proxy that sets them). */
  trustProxy: boolean;
  /** Also serve the web app's source maps (debugging). */
  serveSourceMaps: boolean;
  /** Monitor checks this instance runs at once, at most. */
  monitorMaxInFlight: number;
  /** Raw check results are kept this many days (roll-ups longer). */
  monitorResultRetentionDays: number;
  /** Run monitor checks in this instance (off: it serves the API only). */
  monitorChecks: boolean;
  /** Tests only: intervals are divided by this, so a 10 s monitor checks every 10 s / scale. */
  monitorTimeScale: number;
  /** Events one integration key may send per minute (PagerDuty, Opsgenie, Alertmanager, webhook); more answer 429. */
  intakeEventsPerMinute: number;
  /**
   * The outbox's send journal (src/core/outbox/journal.ts): a local file where each provider's
   * acceptance is noted before its outcome commits; null when off. Default: beside a SQLite
   * database file; for PostgreSQL, in the temporary directory, named for the database.
   */
  sendJournalPath: string | null;
  /** Where the watchdog reports that Tocsin can page (src/watchdog); null when it is not set up. */
  watchdog: WatchdogConfig | null;
  /**
   * Every TOCSIN_* variable as given: the notification channels read their own settings from it
   * (src/notify/channels) and refuse a bad one at start, naming it.
   */
  env: Readonly<Env>;
}

type Env = Record<string, string | undefined>;

export interface WatchdogConfig {
  /** Asked every interval while Tocsin can page; `{status}` (up, down) and `{message}` are filled in. */
  url: string;
  /** Told when it cannot, with the reasons as the body; null: the missing ping is the alarm. */
  failUrl: string | null;
  intervalMs: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ValidationError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`, name);
  }
  return n;
}

function bool(env: Env, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ValidationError(`${name} must be true or false, got "${raw}"`, name);
}

function sendJournalPath(env: Env, databaseUrl: string): string | null {
  const raw = env.TOCSIN_SEND_JOURNAL;
  if (raw === 'off') return null;
  if (raw) {
    if (raw.includes('\0')) throw new ValidationError('TOCSIN_SEND_JOURNAL must be a file path or off', 'TOCSIN_SEND_JOURNAL');
    return raw;
  }
  if (!databaseUrl.startsWith('sqlite:')) return join(tmpdir(), `tocsin-sent-${createHash('sha256').update(databaseUrl).digest('hex').slice(0, 16)}.log`);
  const path = sqlitePath(databaseUrl);
  return path === ':memory:' ? null : `${path}-sent.log`;
}

function httpUrl(env: Env, name: string): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  let u: URL | null = null;
  try {
    u = new URL(raw.replaceAll('{status}', 'x').replaceAll('{message}', 'x'));
  } catch {
    // refused below
  }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || raw.includes('\0')) throw new ValidationError(`${name} must be an http or https URL`, name);
  return raw;
}

/** TOCSIN_WATCHDOG_*: the heartbeat service that hears when Tocsin stops (docs/operations.md). */
function watchdogConfig(env: Env): WatchdogConfig | null {
  const url = httpUrl(env, 'TOCSIN_WATCHDOG_URL');
  const failUrl = httpUrl(env, 'TOCSIN_WATCHDOG_FAIL_URL');
  const intervalMs = int(env, 'TOCSIN_WATCHDOG_INTERVAL_SECONDS', 60, 10, 3600) * 1000;
  if (!url) {
    if (failUrl) throw new ValidationError('TOCSIN_WATCHDOG_FAIL_URL needs TOCSIN_WATCHDOG_URL, where the pings go while all is well', 'TOCSIN_WATCHDOG_URL');
    return null;
  }
  return { url, failUrl, intervalMs };
}

/** Reads and validates configuration; a bad variable is named in the error message. */
export function loadConfig(env: Env = process.env): Config {
  const databaseUrl = env.TOCSIN_DATABASE_URL || 'sqlite:./data/tocsin.db';
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    throw new ValidationError(
      `TOCSIN_DATABASE_URL must start with sqlite: or postgres://, got "${databaseUrl}"`,
      'TOCSIN_DATABASE_URL',
    );
  }
  const port = int(env, 'TOCSIN_PORT', 8080, 0, 65535);
  const host = env.TOCSIN_HOST || '0.0.0.0';
  const publicUrl = (env.TOCSIN_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    new URL(publicUrl);
  } catch {
    throw new ValidationError(`TOCSIN_PUBLIC_URL must be an absolute URL, got "${publicUrl}"`, 'TOCSIN_PUBLIC_URL');
  }
  const logLevel = env.TOCSIN_LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ValidationError(`TOCSIN_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`, 'TOCSIN_LOG_LEVEL');
  }
  return {
    databaseUrl,
    sendJournalPath: sendJournalPath(env, databaseUrl),
    watchdog: watchdogConfig(env),
    port,
    host,
    publicUrl,
    logLevel,
    bodyLimitBytes: int(env, 'TOCSIN_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    cookieSecure: bool(env, 'TOCSIN_COOKIE_SECURE', publicUrl.startsWith('https:')),
    sessionTtlHours: int(env, 'TOCSIN_SESSION_TTL_HOURS', 24 * 14, 1, 24 * 365),
    engineIntervalMs: int(env, 'TOCSIN_ENGINE_INTERVAL_MS', 1000, 50, 60_000),
    jobRetentionHours: int(env, 'TOCSIN_JOB_RETENTION_HOURS', 24 * 7, 1, 24 * 3650),
    signInAttemptsPerMinute: int(env, 'TOCSIN_SIGNIN_ATTEMPTS_PER_MINUTE', 10, 1, 10_000),
    signInAttemptsPerClientPerMinute: int(env, 'TOCSIN_SIGNIN_ATTEMPTS_PER_CLIENT_PER_MINUTE', 30, 1, 100_000),
    trustProxy: bool(env, 'TOCSIN_TRUST_PROXY', false),
    serveSourceMaps: bool(env, 'TOCSIN_SERVE_SOURCE_MAPS', false),
    sqliteBusyTimeoutMs: int(env, 'TOCSIN_SQLITE_BUSY_TIMEOUT_MS', 5000, 0, 600_000),
    dbQueryTimeoutMs: int(env, 'TOCSIN_DB_QUERY_TIMEOUT_MS', 10_000, 100, 600_000),
    dbConnectTimeoutMs: int(env, 'TOCSIN_DB_CONNECT_TIMEOUT_MS', 5_000, 100, 600_000),
    dbPoolSize: int(env, 'TOCSIN_DB_POOL_SIZE', 10, 1, 1000),
    monitorMaxInFlight: int(env, 'TOCSIN_MONITOR_MAX_IN_FLIGHT', 256, 1, 10_000),
    monitorResultRetentionDays: int(env, 'TOCSIN_MONITOR_RESULT_RETENTION_DAYS', 30, 1, 3650),
    monitorChecks: bool(env, 'TOCSIN_MONITOR_CHECKS', true),
    monitorTimeScale: int(env, 'TOCSIN_MONITOR_TIME_SCALE', 1, 1, 1000),
    intakeEventsPerMinute: int(env, 'TOCSIN_INTAKE_EVENTS_PER_MINUTE', 6000, 1, 100_000_000),
    env: Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('TOCSIN_'))),
  };
}
