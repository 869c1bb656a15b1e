import type { OutboxStatus } from './tables.js';

/** A message as a provider sees it. */
export interface OutboxMessage<P = unknown> {
  id: string;
  channel: string;
  key: string;
  payload: P;
  status: OutboxStatus;
  /** Including the attempt in progress when a provider sees it. */
  attempts: number;
  maxAttempts: number;
  providerRef: string | null;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
  deliveredAt: number | null;
  failedAt: number | null;
}

/** What the outbox asks a provider about a send it may or may not have received. */
export interface StatusQuery<P = unknown> {
  /** The provider's id of the message when one was recorded (rarely: an answer was lost). */
  providerRef: string | null;
  idempotencyKey: string;
  /** The message as the send saw it: what a provider without a key searches by (recipient, text). */
  message: OutboxMessage<P>;
  /** When its first attempt started (epoch ms): nothing the provider got before is this message. */
  since: number;
}

/** What a provider says when asked about a send it may or may not have received. */
export type ProviderStatus =
  | { state: 'accepted'; providerRef?: string }
  | { state: 'delivered'; providerRef?: string }
  | { state: 'unknown' };

export interface SendOptions {
  idempotencyKey: string;
  signal: AbortSignal;
  /**
   * Optional, for providers that cannot be asked (no `status`): call it once the provider holds
   * the whole request and only its answer is outstanding (SMTP: the message's final dot has left
   * the process). A crash from then on records the send instead of repeating it (journal.ts), so
   * call it only where a refusal after that point is rare: the price of a wrong call is a page
   * recorded as sent that the provider refused, where not calling it costs a duplicate.
   */
  handedOver?: () => void;
}

/**
 * One per channel (`webhook`, `sms`, `mail` ...). `send` resolves when the provider has
 * accepted the message and throws otherwise: a `ProviderError` (model.ts) says whether a retry
 * can help; anything else (network errors, the abort at `timeoutMs`) counts as transient.
 * Limits (`concurrency`, `ratePerSecond`) apply per channel and per process.
 */
export interface Provider<P = unknown> {
  channel: string;
  /** Sends in flight at once on this channel, per process. */
  concurrency: number;
  /** Token bucket: sends (and status queries) started per second, burst of one second's worth. */
  ratePerSecond?: number;
  /** The send is aborted after this long (signal) and counted as a transient failure. */
  timeoutMs: number;
  /**
   * Hand `idempotencyKey` to providers that take one (a header, a field): a re-send after a
   * crash then reaches the recipient once. The same message always gets the same key.
   */
  send(message: OutboxMessage<P>, opts: SendOptions): Promise<{ providerRef?: string; responseCode?: number }>;
  /**
   * Optional: asked before sending again when the previous attempt has no recorded answer (the
   * process died mid-send, or the send timed out after the request may have arrived).
   * `accepted`/`delivered` settle it without sending again; `unknown` (or a throw) sends again.
   * A query takes a token of the channel's rate bucket, as a send does.
   */
  status?(query: StatusQuery<P>, opts: { signal: AbortSignal }): Promise<ProviderStatus>;
}
