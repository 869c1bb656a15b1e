import type { Ctx, TxCtx } from '../context.js';
import { directSenderFor } from './direct.js';
import type { Q } from '../db/index.js';
import { newId } from '../ids.js';
import type { OutboxMessage } from './provider.js';
import * as store from './store.js';

export const DEFAULT_MAX_ATTEMPTS = 10;

export interface SendLaterInput<P = unknown> {
  /** The provider's channel, e.g. `webhook`. */
  channel: string;
  /** Idempotency key, unique across all messages forever, e.g. `page:<incident>:<step>:<user>`. */
  key: string;
  payload: P;
  /** Epoch ms; now when omitted. */
  dueAt?: number;
  maxAttempts?: number;
  /**
   * Due now and urgent (a page): claimed in this transaction and sent by this process's
   * dispatcher right after commit, saving a commit and an engine cycle. Ignored when no
   * dispatcher runs here, the channel is rate-limited or its slots are full: then as usual.
   */
  sendNow?: boolean;
}

export function toMessage<P = unknown>(row: store.MessageRow): OutboxMessage<P> {
  const n = (v: number | null) => (v === null ? null : Number(v));
  return {
    id: row.id,
    channel: row.channel,
    key: row.key,
    payload: JSON.parse(row.payload) as P,
    status: row.status,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    providerRef: row.provider_ref,
    lastError: row.last_error,
    createdAt: Number(row.created_at),
    sentAt: n(row.sent_at),
    deliveredAt: n(row.delivered_at),
    failedAt: n(row.failed_at),
  };
}

/**
 * Records a message to send inside the caller's transaction, so the state change that causes
 * it and the message commit together (or neither does). A key that exists returns
 * `{ created: false }` and the existing message, whatever its status. A message due now asks
 * the engine to run right after commit (`unit.wake`).
 */
export async function sendLater<P>(ctx: TxCtx, input: SendLaterInput<P>): Promise<{ created: boolean; message: OutboxMessage<P> }> {
  return (await sendAllLater(ctx, [input]))[0]!;
}

/** sendLater for several messages at once: one insert for them all (a batch of escalation steps' pages). */
export async function sendAllLater<P>(ctx: TxCtx, inputs: readonly SendLaterInput<P>[]): Promise<{ created: boolean; message: OutboxMessage<P> }[]> {
  const now = ctx.clock.now().getTime();
  const direct = inputs.some((i) => i.sendNow) ? directSenderFor(ctx.db) : undefined;
  const planned = inputs.map((input) => {
    const dueAt = input.dueAt ?? now;
    const deadline = (input.sendNow && dueAt <= now && direct?.deadlineFor(input.channel, now)) || null;
    const row: store.MessageRow = {
      id: newId('obx'),
      channel: input.channel,
      key: input.key,
      payload: JSON.stringify(input.payload ?? null),
      status: deadline === null ? 'pending' : 'sending',
      attempts: deadline === null ? 0 : 1,
      max_attempts: input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      next_attempt_at: deadline ?? dueAt,
      lease_owner: deadline === null ? null : direct!.owner,
      last_error: null,
      provider_ref: null,
      created_at: now,
      updated_at: now,
      sent_at: null,
      delivered_at: null,
      failed_at: null,
    };
    return { row, deadline, dueAt };
  });
  const inserted = new Map((await store.insertMessages(ctx.tx, planned.map((p) => p.row))).map((r) => [r.key, r]));
  const out: { created: boolean; message: OutboxMessage<P> }[] = [];
  const attempts: store.AttemptRow[] = [];
  const base: Ctx = { ...ctx, tx: undefined, unit: undefined };
  for (const { row: planned_, deadline, dueAt } of planned) {
    const mine = inserted.get(planned_.key);
    // Another message had the key (a retried job): answer it as it is, whatever its status.
    const row = mine?.id === planned_.id ? mine : await store.findMessageByKey(ctx.tx, planned_.key);
    if (!row) throw new Error(`outbox message ${planned_.key} neither inserted nor found`);
    const created = row.id === planned_.id;
    if (created && deadline !== null) {
      attempts.push({ message_id: row.id, attempt: 1, owner: direct!.owner, started_at: now, finished_at: null, outcome: null, error: null, response_code: null });
      ctx.unit.afterCommit.push(() => direct!.start({ row, ask: null }, base));
    } else if (created && dueAt <= now) ctx.unit.wake = true;
    out.push({ created, message: toMessage<P>(row) });
  }
  await store.insertAttempts(ctx.tx, attempts);
  return out;
}

export async function findMessageByKey<P = unknown>(q: Q, key: string): Promise<OutboxMessage<P> | undefined> {
  const row = await store.findMessageByKey(q, key);
  return row && toMessage<P>(row);
}

export interface Attempt {
  attempt: number;
  owner: string;
  startedAt: number;
  finishedAt: number | null;
  outcome: store.AttemptRow['outcome'];
  error: string | null;
  responseCode: number | null;
}

/** Every attempt of a message, first first: what the UI shows. */
export async function listAttempts(q: Q, messageId: string): Promise<Attempt[]> {
  const rows = await store.listAttempts(q, messageId);
  return rows.map((r) => ({
    attempt: Number(r.attempt),
    owner: r.owner,
    startedAt: Number(r.started_at),
    finishedAt: r.finished_at === null ? null : Number(r.finished_at),
    outcome: r.outcome,
    error: r.error,
    responseCode: r.response_code === null ? null : Number(r.response_code),
  }));
}

/**
 * A late delivery receipt (a provider's callback), by message id or provider ref. Moves
 * `sending`/`sent` to `delivered`; false when the message is already final or unknown.
 */
export async function markDelivered(q: Q, ref: { id: string } | { providerRef: string }, now: number): Promise<boolean> {
  return store.markDelivered(q, ref, now);
}

/**
 * A late failure receipt (an SMS undelivered, a call busy or unanswered), by message id or
 * provider ref: `sent` becomes `failed` with the provider's reason. False when the message was
 * not `sent` (still in the dispatcher's hands, already delivered or failed, or unknown).
 */
export async function markUndelivered(q: Q, ref: { id: string } | { providerRef: string }, error: string, now: number): Promise<boolean> {
  return store.markUndelivered(q, ref, error, now);
}
