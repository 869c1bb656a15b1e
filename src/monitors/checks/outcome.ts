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
 * Runs `work` with a signal that aborts at the deadline, on the caller's abort, and once the
 * outcome is known (so sockets, requests and resolvers tied to it are always released).
 * Whatever `work` throws becomes a down outcome; a late result is ignored.
 */
export async function withDeadline(opts: CheckOptions, host: string, work: (signal: AbortSignal, started: number) => Promise<CheckOutcome>): Promise<CheckOutcome> {
  const started = performance.now();
  if (opts.signal?.aborted) return downOutcome('error', 'check cancelled', 0);
  const done = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onCancel: (() => void) | undefined;
  const cut = new Promise<CheckOutcome>((resolve) => {
    // setTimeout fires at once on NaN and on anything over 2^31-1 ms: keep it in range.
    const ms = Math.min(Math.max(Number(opts.timeoutMs) || 1, 1), MAX_TIMER_MS);
    timer = setTimeout(() => resolve(downOutcome('timeout', `no answer within ${opts.timeoutMs} ms`, elapsedMs(started))), ms);
    onCancel = () => resolve(downOutcome('error', 'check cancelled', elapsedMs(started)));
    opts.signal?.addEventListener('abort', onCancel, { once: true });
  });
  let finished = false;
  const result = Promise.resolve()
    .then(() => work(done.signal, started))
    .catch((err: unknown) => {
      const { failure, message } = describeError(err, host);
      return downOutcome(failure, message, elapsedMs(started));
    })
    .then((outcome) => {
      finished = true;
      return outcome;
    });
  try {
    return await Promise.race([result, cut]);
  } finally {
    clearTimeout(timer);
    if (onCancel) opts.signal?.removeEventListener('abort', onCancel);
    // Only a check cut short is aborted: a finished one has closed its socket, and building the
    // abort errors for nothing cost about a tenth of a check's CPU (bench:monitors profile).
    if (!finished) done.abort();
  }
}
