// What every checker shares: its options, the outcome builders and the deadline that makes
// "never throws, never hangs past timeoutMs" true for all of them in one place.
import type { CheckOutcome, FailureKind } from '../model.js';
import { describeError } from './errors.js';

export interface CheckOptions {
  /** The whole check (DNS, connect, TLS, redirects, body) must finish within this. */
  timeoutMs: number;
  /** Epoch ms; used for certificate expiry, so tests can move the clock. */
  now: () => number;
  /** Aborting cancels the check (shutdown); the outcome then says so. */
  signal?: AbortSignal;
  /** Extra trusted CA certificates (PEM), added to Node's own roots: private CAs, and tests. */
  ca?: readonly string[];
  /** HTTP: headers Tocsin adds to every request, e.g. `X-Tocsin-Location` from a probe. */
  extraHeaders?: Readonly<Record<string, string>>;
}

const MAX_MESSAGE = 200;
const MAX_TIMER_MS = 2_147_483_647;

export function clip(message: string): string {
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message;
}

/** Whole milliseconds since `started` (a performance.now() reading). */
export function elapsedMs(started: number): number {
  return Math.max(0, Math.round(performance.now() - started));
}

export function upOutcome(latency_ms: number, cert_expires_at?: number | null): CheckOutcome {
  return withCert({ status: 'up', latency_ms, failure: null, message: null }, cert_expires_at);
}

export function failed(status: 'down' | 'degraded', failure: FailureKind, message: string, latency_ms: number, cert_expires_at?: number | null): CheckOutcome {
  return withCert({ status, latency_ms, failure, message: clip(message) }, cert_expires_at);
}

export function downOutcome(failure: FailureKind, message: string, latency_ms: number, cert_expires_at?: number | null): CheckOutcome {
  return failed('down', failure, message, latency_ms, cert_expires_at);
}

function withCert(outcome: CheckOutcome, cert_expires_at: number | null | undefined): CheckOutcome {
  return cert_expires_at === undefined ? outcome : { ...outcome, cert_expires_at };
}

/**
 * How a check learns it was cut short (its deadline passed, or the caller cancelled): it hands
 * over what to release (destroy the socket, cancel the resolver). Plain callbacks rather than an
 * AbortSignal per check: the signal's listeners and the premature-close errors Node builds for a
 * stream tied to one cost about a tenth of an HTTP check's CPU (bench:monitors profile).
 */
export interface Cut {
  /** `release` runs once if the check is cut short, never after it finished. */
  onCut(release: () => void): void;
}

/**
 * Runs `work` with a deadline and the caller's cancel; whatever `work` throws becomes a down
 * outcome, and a late result is ignored. What `work` handed to `cut.onCut` is released when it
 * lost the race, so sockets and resolvers never outlive the check.
 */
export async function withDeadline(opts: CheckOptions, host: string, work: (cut: Cut, started: number) => Promise<CheckOutcome>): Promise<CheckOutcome> {
  const started = performance.now();
  if (opts.signal?.aborted) return downOutcome('error', 'check cancelled', 0);
  const releases: (() => void)[] = [];
  let cutShort = false;
  const cut: Cut = {
    onCut(release) {
      if (cutShort) release();
      else releases.push(release);
    },
  };
  let timer: NodeJS.Timeout | undefined;
  let onCancel: (() => void) | undefined;
  const deadline = new Promise<CheckOutcome>((resolve) => {
    // setTimeout fires at once on NaN and on anything over 2^31-1 ms: keep it in range.
    const ms = Math.min(Math.max(Number(opts.timeoutMs) || 1, 1), MAX_TIMER_MS);
    timer = setTimeout(() => resolve(downOutcome('timeout', `no answer within ${opts.timeoutMs} ms`, elapsedMs(started))), ms);
    if (opts.signal) {
      onCancel = () => resolve(downOutcome('error', 'check cancelled', elapsedMs(started)));
      opts.signal.addEventListener('abort', onCancel, { once: true });
    }
  });
  let finished = false;
  const result = Promise.resolve()
    .then(() => work(cut, started))
    .catch((err: unknown) => {
      const { failure, message } = describeError(err, host);
      return downOutcome(failure, message, elapsedMs(started));
    })
    .then((outcome) => {
      finished = true;
      return outcome;
    });
  try {
    return await Promise.race([result, deadline]);
  } finally {
    clearTimeout(timer);
    if (onCancel) opts.signal?.removeEventListener('abort', onCancel);
    if (!finished) {
      cutShort = true;
      for (const release of releases) release();
    }
  }
}
