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

/** What a provider says when asked about a send it may or may not have received. */
export type ProviderStatus =
  | { state: 'accepted'; providerRef?: string }
  | { state: 'delivered'; providerRef?: string }
  | { state: 'unknown' };

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
  send(message: OutboxMessage<P>, opts: { idempotencyKey: string; signal: AbortSignal }): Promise<{ providerRef?: string; responseCode?: number }>;
  /**
   * Optional: asked when a send's deadline passed with no outcome recorded (the process died
   * mid-send). `accepted`/`delivered` settle it without sending again; `unknown` re-sends.
   */
  status?(query: { providerRef: string | null; idempotencyKey: string }, opts: { signal: AbortSignal }): Promise<ProviderStatus>;
}
