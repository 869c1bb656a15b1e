/**
 * Row types of the outbox tables (migration 0005), added to the shared `Tables` interface so
 * stores and tests see them through the one Kysely type. Times are epoch ms, as elsewhere.
 */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'delivered' | 'failed';
export type AttemptOutcome = 'sent' | 'transient_error' | 'permanent_error' | 'interrupted' | 'confirmed' | 'gave_up';

export interface OutboxMessagesTable {
  id: string;
  channel: string;
  /** Idempotency key, unique forever; also handed to providers that dedupe by one. */
  key: string;
  payload: string;
  status: OutboxStatus;
  /** Attempts started (a claim is an attempt, even when its process dies). */
  attempts: number;
  max_attempts: number;
  /** pending: due time; sending: deadline of the send in flight, or time of the next retry. */
  next_attempt_at: number;
  /** Set while a send is in flight (the claimer); null while waiting for a retry. */
  lease_owner: string | null;
  last_error: string | null;
  provider_ref: string | null;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
  delivered_at: number | null;
  failed_at: number | null;
}

export interface OutboxAttemptsTable {
  message_id: string;
  attempt: number;
  owner: string;
  started_at: number;
  finished_at: number | null;
  /** null while in flight. */
  outcome: AttemptOutcome | null;
  error: string | null;
  response_code: number | null;
}

declare module '../db/schema.js' {
  interface Tables {
    outbox_messages: OutboxMessagesTable;
    outbox_attempts: OutboxAttemptsTable;
  }
}
