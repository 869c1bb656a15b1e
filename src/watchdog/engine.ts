import type { WatchdogConfig } from '../core/config.js';
import type { EngineModule } from '../core/engine/index.js';
import type { Logger } from '../core/log.js';
import { hostOf } from '../core/urls.js';
import { assess, oneLine, planPing, type Health, type PingPlan, type Readings } from './model.js';

/**
 * The first check waits this long after the engine starts: work that fell due while the process
 * was down is overdue until the first cycles take it, and is no reason to alarm anyone.
 */
export const FIRST_CHECK_AFTER_MS = 10_000;

/** How often an instance checks when no heartbeat service is set (TOCSIN_WATCHDOG_INTERVAL_SECONDS's default). */
export const DEFAULT_INTERVAL_MS = 60_000;

/** A ping's longest wait for the heartbeat service. */
export const PING_TIMEOUT_MS = 10_000;

/** The readings' longest wait: a database that hangs is as bad as one that refuses. */
export const READ_TIMEOUT_MS = 10_000;

export interface PingOutcome {
  method: 'GET' | 'POST';
  /** Scheme and host only: the path of a heartbeat URL is its secret. */
  to: string;
  /** The service's HTTP status; null when it did not answer. */
  status: number | null;
  error: string | null;
  ok: boolean;
}

export interface WatchdogCheck extends Health {
  at: number;
  /** What was sent; null when nothing was (not set up, or not healthy without a failure URL). */
  ping: PingOutcome | null;
}

export type Send = (plan: PingPlan) => Promise<{ status: number }>;

export interface Watchdog {
  /** Runs every engine cycle on every instance; checks once an interval, in the background. */
  module: EngineModule;
  /** A check (and its ping, when set up) now, for an admin setting it up; shares one under way. */
  checkNow(now: number): Promise<WatchdogCheck>;
  last(): WatchdogCheck | null;
  /** When a ping last reached the service with a 2xx answer. */
  lastDelivered(): number | null;
}

/** fetch says only "fetch failed"; the reason (refused, no such host, TLS) is its cause. */
function whyFailed(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError') return 'no answer in time';
  const cause = err.cause instanceof Error ? err.cause.message : null;
  return cause ? `${err.message}: ${cause}` : err.message;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/**
 * The dead man's switch: while Tocsin can page (the database answers, its background jobs and
 * outbox keep up, no provider channel is failing as a whole) it pings the operator's heartbeat
 * service; when it cannot it says why, or stays silent; when the process is dead or stuck the
 * pings stop. Each of those is heard outside, where a dead Tocsin cannot hide it.
 */
export function createWatchdog(opts: { config: WatchdogConfig | null; read: (now: number) => Promise<Readings>; send: Send; log: Logger }): Watchdog {
  const { config, log } = opts;
  // Without a heartbeat service the checks still run: the web app warns everyone signed in.
  const intervalMs = config?.intervalMs ?? DEFAULT_INTERVAL_MS;
  let last: WatchdogCheck | null = null;
  let delivered: number | null = null;
  let nextAt: number | null = null;
  let running: Promise<WatchdogCheck> | null = null;

  const ping = async (plan: PingPlan): Promise<PingOutcome> => {
    const to = hostOf(plan.url);
    try {
      const { status } = await opts.send(plan);
      const ok = status >= 200 && status < 300;
      return { method: plan.method, to, status, ok, error: ok ? null : `answered HTTP ${status}` };
    } catch (err) {
      return { method: plan.method, to, status: null, ok: false, error: oneLine(whyFailed(err), 200) };
    }
  };

  const check = async (now: number): Promise<WatchdogCheck> => {
    const readings = await withTimeout(opts.read(now), READ_TIMEOUT_MS, 'no answer').catch((err: unknown) => ({ error: oneLine(err instanceof Error ? err.message : String(err), 200) }));
    const health = assess(readings, now);
    const plan = config ? planPing(health, config) : null;
    const outcome = plan ? await ping(plan) : null;
    if (outcome?.ok && health.healthy) delivered = now;
    if (!health.healthy && (last === null || last.healthy)) log.error({ reasons: health.reasons }, 'watchdog: Tocsin cannot page reliably');
    if (health.healthy && last !== null && !last.healthy) log.info('watchdog: Tocsin is healthy again');
    if (outcome && !outcome.ok) log.warn({ to: outcome.to, error: outcome.error }, 'watchdog: the heartbeat service did not take the ping');
    last = { at: now, ...health, ping: outcome };
    return last;
  };

  const run = (now: number): Promise<WatchdogCheck> => {
    running ??= check(now).finally(() => {
      running = null;
    });
    return running;
  };

  return {
    module: {
      name: 'watchdog',
      exclusive: false,
      tick: async (_ctx, now) => {
        nextAt ??= now + FIRST_CHECK_AFTER_MS;
        if (running || now < nextAt) return;
        nextAt = now + intervalMs;
        void run(now);
      },
    },
    checkNow: run,
    last: () => last,
    lastDelivered: () => delivered,
  };
}

/** One request to the heartbeat service: no redirects followed, the answer not kept. */
export const httpSend =
  (timeoutMs = PING_TIMEOUT_MS): Send =>
  async (plan) => {
    const res = await fetch(plan.url, {
      method: plan.method,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: plan.body === null ? { 'user-agent': 'Tocsin-watchdog' } : { 'user-agent': 'Tocsin-watchdog', 'content-type': 'text/plain; charset=utf-8' },
      body: plan.body,
    });
    await res.arrayBuffer().catch(() => undefined);
    return { status: res.status };
  };
