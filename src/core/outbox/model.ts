/**
 * Pure rules of the outbox: which status may follow which, the retry schedule, the token
 * bucket behind rate limits, and how a provider's error is classified. No I/O, no clock:
 * `now` (epoch ms) comes in. store.ts puts the transition table into each UPDATE's WHERE.
 */
import type { ProviderStatus } from './provider.js';
import type { AttemptOutcome, OutboxStatus } from './tables.js';

/** Statuses in the order a message moves through them; delivered and failed are final. */
export const STATUSES: readonly OutboxStatus[] = ['pending', 'sending', 'sent', 'delivered', 'failed'];

/**
 * Allowed predecessors of each status. `sending → sending` is a retry or a reclaim (the row
 * keeps its status; only its deadline moves). A delivery receipt may race the provider's own
 * answer, so `sending → delivered` is allowed too. Nothing leaves delivered or failed.
 */
export const PREDECESSORS: Readonly<Record<OutboxStatus, readonly OutboxStatus[]>> = {
  pending: [],
  sending: ['pending', 'sending'],
  sent: ['sending'],
  delivered: ['sending', 'sent'],
  failed: ['pending', 'sending'],
};

export function canMove(from: OutboxStatus, to: OutboxStatus): boolean {
  return PREDECESSORS[to].includes(from);
}

export const isFinal = (s: OutboxStatus): boolean => s === 'delivered' || s === 'failed';

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 5 * 60_000;
export const BACKOFF_JITTER = 0.2;
/** A provider's Retry-After is honoured up to this long. */
export const RETRY_AFTER_CAP_MS = 60 * 60_000;
export const MAX_ERROR_LENGTH = 2_000;

/** Delay after failed attempt `attempt` (1-based): 1 s, 2 s, 4 s ... capped, minus up to 20 % jitter, at least Retry-After. */
export function retryDelayMs(attempt: number, random: number, retryAfterMs?: number): number {
  const exponent = Math.min(Math.max(0, Math.floor(attempt) - 1), 19);
  const base = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** exponent);
  const jittered = Math.floor(base * (1 - BACKOFF_JITTER * Math.min(Math.max(random, 0), 1)));
  const floor = retryAfterMs === undefined ? 0 : Math.min(Math.max(0, retryAfterMs), RETRY_AFTER_CAP_MS);
  return Math.max(jittered, floor);
}

/** Retry-After as seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export type ErrorKind = 'permanent' | 'transient';

/**
 * A provider's refusal. Permanent: sending again cannot help (a 4xx, a bad address); the
 * message fails now. Transient: a retry may succeed (5xx, 408, 429, timeouts, refused).
 */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly kind: ErrorKind,
    readonly responseCode?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** HTTP answers: 408 and 429 and 5xx are worth retrying; other 4xx (and 3xx, not followed) are not. */
export function classifyStatus(code: number): ErrorKind | 'ok' {
  if (code >= 200 && code < 300) return 'ok';
  if (code === 408 || code === 429 || code >= 500) return 'transient';
  return 'permanent';
}

/** Anything a provider throws: its own ProviderError says; everything else (network, abort) is transient. */
export function classifyError(err: unknown): { kind: ErrorKind; message: string; responseCode?: number; retryAfterMs?: number } {
  if (err instanceof ProviderError) return { kind: err.kind, message: truncate(err.message), responseCode: err.responseCode, retryAfterMs: err.retryAfterMs };
  return { kind: 'transient', message: truncate(errorMessage(err)) };
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}

const truncate = (s: string): string => (s.length > MAX_ERROR_LENGTH ? `${s.slice(0, MAX_ERROR_LENGTH)}…` : s);

/** What a failed attempt leads to: another try in `sending` at `retryAt`, or `failed`. */
/**
 * Claims a crash may interrupt before a message is given up, however few attempts it allows
 * (a page allows 4 so that a failing provider falls back fast): a storm of restarts must not
 * use up a message's attempts, only a message that keeps killing its process.
 */
export const INTERRUPTED_FLOOR = 10;

/** Whether a reclaimed message (its last claim interrupted) is given up rather than sent again. */
export const givesUpInterrupted = (attempt: number, maxAttempts: number): boolean => attempt > Math.max(maxAttempts, INTERRUPTED_FLOOR);

export function afterError(kind: ErrorKind, attempt: number, maxAttempts: number, now: number, random: number, retryAfterMs?: number):
  | { next: 'retry'; retryAt: number }
  | { next: 'failed' } {
  if (kind === 'permanent' || attempt >= maxAttempts) return { next: 'failed' };
  return { next: 'retry', retryAt: now + retryDelayMs(attempt, random, retryAfterMs) };
}

/** One past attempt of a message, as the reconciler reads it. */
export interface AttemptFact {
  attempt: number;
  startedAt: number;
  outcome: AttemptOutcome | null;
  responseCode: number | null;
}

/**
 * Whether claim number `attempt` asks the provider (`status()`) before sending, and from when on
 * to look (the first attempt's start): only when the previous attempt ended without the
 * provider's answer, so it may have the message. A stuck claim's predecessor was `interrupted`
 * (the process died or hung mid-send), even if it left no attempt row; a transient error with no
 * HTTP answer (a timeout, a dropped connection) qualifies too. An HTTP 429/5xx is the provider
 * saying no, and a first attempt has nothing to ask about: those just send.
 */
export function askBeforeSending(history: readonly AttemptFact[], attempt: number, stuck: boolean, createdAt: number): { since: number } | null {
  const previous = history.find((a) => a.attempt === attempt - 1);
  const unanswered = stuck || previous?.outcome === 'interrupted' || (previous?.outcome === 'transient_error' && previous.responseCode === null);
  if (!unanswered) return null;
  return { since: history.length ? Math.min(...history.map((a) => a.startedAt)) : createdAt };
}

/**
 * What the provider's answer means: `accepted`/`delivered` settle the message without a send
 * (with the note its attempt keeps, so the audit and the UI can tell), `unknown` sends again.
 */
export function settledBy(answer: ProviderStatus): { status: 'sent' | 'delivered'; providerRef: string | null; note: string } | null {
  if (answer.state === 'unknown') return null;
  const providerRef = answer.providerRef ?? null;
  return { status: answer.state === 'delivered' ? 'delivered' : 'sent', providerRef, note: `settled by asking the provider: ${answer.state}${providerRef ? ` (${providerRef})` : ''}; not sent again` };
}

/** What a journal line says happened to its attempt (journal.ts): accepted, or handed over with the answer unread. */
function journalFact(noted: { attempt: number; providerRef: string | null; handedOver?: boolean }): string {
  if (noted.handedOver) return `the provider had the whole of attempt ${noted.attempt} when the process stopped (its answer was not read)`;
  return `the provider accepted attempt ${noted.attempt}${noted.providerRef ? ` (${noted.providerRef})` : ''}`;
}

/** What a journal line means when its message is reclaimed: settled, with the note its attempt keeps. */
export function settledByJournal(noted: { attempt: number; providerRef: string | null; handedOver?: boolean }): { status: 'sent'; providerRef: string | null; note: string } {
  return { status: 'sent', providerRef: noted.providerRef, note: `settled by the send journal: ${journalFact(noted)}; not sent again` };
}

/** What a send recorded from the journal at a start says on its attempt (the UI, the storm audit). */
export const journalReplayNote = (noted: { attempt: number; providerRef: string | null; handedOver?: boolean }): string =>
  `recorded from the send journal at a restart: ${journalFact(noted)}`;

/** A token bucket: `rate` tokens a second, holding at most `burst`. */
export interface Bucket {
  tokens: number;
  at: number;
}

export function refill(b: Bucket, now: number, rate: number, burst: number): Bucket {
  const elapsed = Math.max(0, now - b.at);
  return { tokens: Math.min(burst, b.tokens + (elapsed * rate) / 1000), at: Math.max(b.at, now) };
}

/** Whole tokens available now. */
export const available = (b: Bucket): number => Math.floor(b.tokens + 1e-9);

export const take = (b: Bucket, n: number): Bucket => ({ tokens: b.tokens - n, at: b.at });

/** Milliseconds until one whole token is available (0 when one is). */
export function msUntilToken(b: Bucket, rate: number): number {
  const missing = 1 - b.tokens;
  return missing <= 1e-9 ? 0 : Math.ceil((missing * 1000) / rate);
}

/** Burst is one second's worth of tokens, at least one. */
export const burstFor = (rate: number): number => Math.max(1, rate);
