import type { ExpressionBuilder } from 'kysely';
import type { Q } from '../db/index.js';
import { dialectOf, prepared, standInRow } from '../db/prepared.js';
import type { Tables } from '../db/schema.js';
import { MAX_ERROR_LENGTH, PREDECESSORS } from './model.js';
import type { AttemptOutcome, OutboxAttemptsTable, OutboxMessagesTable } from './tables.js';

// The outbox's only SQL. Every time is a parameter (`now`); every status change carries
// `status IN (allowed predecessors)` from model.PREDECESSORS, so no statement can move a row
// backwards whatever arrives late.

export type MessageRow = OutboxMessagesTable;
export type AttemptRow = OutboxAttemptsTable;

const MESSAGE_COLUMNS = [
  'id',
  'channel',
  'key',
  'payload',
  'status',
  'attempts',
  'max_attempts',
  'next_attempt_at',
  'lease_owner',
  'last_error',
  'provider_ref',
  'created_at',
  'updated_at',
  'sent_at',
  'delivered_at',
  'failed_at',
] as const satisfies readonly (keyof MessageRow)[];

// The statements every page runs (insert, claim, outcome) are prepared once (db/prepared.ts).
const INSERT_MESSAGE = prepared((db, p: MessageRow) =>
  db.insertInto('outbox_messages').values(standInRow(p, MESSAGE_COLUMNS)).onConflict((oc) => oc.column('key').doNothing()).returningAll(),
);

/** Inserts each message whose key does not exist yet; answers the rows inserted. */
export async function insertMessages(q: Q, rows: readonly MessageRow[]): Promise<MessageRow[]> {
  if (rows.length <= 1) return rows.length ? INSERT_MESSAGE.all(q, rows[0]!) : [];
  return q.insertInto('outbox_messages').values([...rows]).onConflict((oc) => oc.column('key').doNothing()).returningAll().execute();
}

export async function findMessageByKey(q: Q, key: string): Promise<MessageRow | undefined> {
  return q.selectFrom('outbox_messages').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function findMessageById(q: Q, id: string): Promise<MessageRow | undefined> {
  return q.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listAttempts(q: Q, messageId: string): Promise<AttemptRow[]> {
  return q.selectFrom('outbox_attempts').selectAll().where('message_id', '=', messageId).orderBy('attempt').execute();
}

/** How many of a message's attempts a crash interrupted (they are not the provider's fault). */
export async function countInterrupted(q: Q, messageId: string): Promise<number> {
  const row = await q.selectFrom('outbox_attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('message_id', '=', messageId).where('outcome', '=', 'interrupted').executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The attempts of these messages, for the reconciler: did the last one get an answer, when did the first start. */
export async function attemptHistory(q: Q, messageIds: string[]): Promise<Pick<AttemptRow, 'message_id' | 'attempt' | 'started_at' | 'outcome' | 'response_code'>[]> {
  if (messageIds.length === 0) return [];
  return q.selectFrom('outbox_attempts').select(['message_id', 'attempt', 'started_at', 'outcome', 'response_code']).where('message_id', 'in', messageIds).execute();
}

type EB = ExpressionBuilder<Tables, 'outbox_messages'>;

/** Due now: pending past its due time, or waiting for a retry whose time has come. */
const due = (now: number) => (eb: EB) =>
  eb.and([
    eb('next_attempt_at', '<=', now),
    eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'sending'), eb('lease_owner', 'is', null)])]),
  ]);

/** Stuck: a send was in flight and its deadline passed (the process died, or hung past it). */
const stuck = (now: number) => (eb: EB) =>
  eb.and([eb('status', '=', 'sending'), eb('lease_owner', 'is not', null), eb('next_attempt_at', '<', now)]);

export interface ClaimInput {
  channel: string;
  owner: string;
  now: number;
  /** When this claim's send counts as stuck if nothing was recorded. */
  deadline: number;
  limit: number;
}

/**
 * Same shape as the job runner's claim (engine/store.ts): ids picked in a MATERIALIZED CTE with
 * FOR UPDATE SKIP LOCKED on PostgreSQL, the condition repeated in the outer WHERE.
 */
const claimStatement = (which: 'due' | 'stuck') =>
  prepared((db, p: ClaimInput) => {
    const cond = which === 'due' ? due(p.now) : stuck(p.now);
    return db
      .with(
        (cte) => cte('picked').materialized(),
        (w) =>
          w
            .selectFrom('outbox_messages')
            .select('id')
            .where('channel', '=', p.channel)
            .where(cond)
            .orderBy('next_attempt_at')
            .limit(p.limit)
            .$if(dialectOf(db) === 'postgres', (qb) => qb.forUpdate().skipLocked()),
      )
      .updateTable('outbox_messages')
      .set((eb) => ({ status: 'sending', lease_owner: p.owner, next_attempt_at: p.deadline, attempts: eb('attempts', '+', 1), updated_at: p.now }))
      .where('id', 'in', (eb) => eb.selectFrom('picked').select('picked.id'))
      .where('status', 'in', PREDECESSORS.sending)
      .where(cond)
      .returningAll();
  });
const CLAIM = { due: claimStatement('due'), stuck: claimStatement('stuck') };

/** Marks up to `limit` rows of one channel `sending` with a deadline and counts the attempt. */
export async function claim(q: Q, which: 'due' | 'stuck', input: ClaimInput): Promise<MessageRow[]> {
  if (input.limit <= 0) return [];
  const { channel, owner, now, deadline, limit } = input;
  const rows = await CLAIM[which].all(q, { channel, owner, now, deadline, limit });
  return rows.sort((a, b) => a.created_at - b.created_at);
}

/**
 * Moves the deadline of sends this process just claimed (those that ask the provider first: the
 * question and the send must both fit before anyone counts the claim as stuck).
 */
export async function extendDeadline(q: Q, ids: string[], owner: string, deadline: number): Promise<void> {
  if (ids.length === 0) return;
  await q.updateTable('outbox_messages').set({ next_attempt_at: deadline }).where('id', 'in', ids).where('lease_owner', '=', owner).where('status', '=', 'sending').execute();
}

const ATTEMPT_COLUMNS = ['message_id', 'attempt', 'owner', 'started_at', 'finished_at', 'outcome', 'error', 'response_code'] as const satisfies readonly (keyof AttemptRow)[];
const INSERT_ATTEMPT = prepared((db, p: AttemptRow) => db.insertInto('outbox_attempts').values(standInRow(p, ATTEMPT_COLUMNS)));

export async function insertAttempts(q: Q, rows: AttemptRow[]): Promise<void> {
  if (rows.length === 1) await INSERT_ATTEMPT.run(q, rows[0]!);
  else if (rows.length > 1) await q.insertInto('outbox_attempts').values(rows).execute();
}

export interface AttemptResult {
  messageId: string;
  attempt: number;
  outcome: AttemptOutcome;
  error?: string | null;
  responseCode?: number | null;
  now: number;
}

const FINISH_ATTEMPT = prepared((db, p: { now: number; outcome: AttemptOutcome; error: string | null; response_code: number | null; message_id: string; attempt: number }) =>
  db
    .updateTable('outbox_attempts')
    .set({ finished_at: p.now, outcome: p.outcome, error: p.error, response_code: p.response_code })
    .where('message_id', '=', p.message_id)
    .where('attempt', '=', p.attempt)
    .where('outcome', 'is', null),
);

/** Closes an attempt row; only one still open, so the first verdict on an attempt stands. */
export async function finishAttempt(q: Q, r: AttemptResult): Promise<void> {
  await FINISH_ATTEMPT.run(q, { now: r.now, outcome: r.outcome, error: r.error ?? null, response_code: r.responseCode ?? null, message_id: r.messageId, attempt: r.attempt });
}

/**
 * The provider accepted it. Not fenced by the claim: acceptance is a fact, and moving a row
 * still `sending` to `sent` is forwards whoever holds it now.
 */
export async function recordSent(q: Q, id: string, providerRef: string | null, now: number): Promise<boolean> {
  return (await RECORD_SENT.affected(q, { id, provider_ref: providerRef, now })) === 1;
}
const RECORD_SENT = prepared((db, p: { id: string; provider_ref: string | null; now: number }) =>
  db
    .updateTable('outbox_messages')
    .set((eb) => ({
      status: 'sent',
      sent_at: p.now,
      updated_at: p.now,
      provider_ref: eb.fn.coalesce(eb.val(p.provider_ref), eb.ref('provider_ref')),
      lease_owner: null,
      last_error: null,
    }))
    .where('id', '=', p.id)
    .where('status', 'in', PREDECESSORS.sent),
);

/**
 * The provider accepted this attempt: the message `sent` (recordSent) and the attempt closed as
 * `sent` (finishAttempt). On PostgreSQL one statement, so that outside a transaction it is one
 * round trip and one commit: an email accepted just before a crash and not yet recorded is sent
 * again after it (SMTP cannot be asked), so this is the window that matters.
 */
export async function recordSentAttempt(q: Q, r: { messageId: string; attempt: number; providerRef: string | null; responseCode?: number | null; now: number; note?: string }): Promise<void> {
  const p = { id: r.messageId, attempt: r.attempt, provider_ref: r.providerRef, response_code: r.responseCode ?? null, now: r.now, note: r.note ?? null };
  if (dialectOf(q) === 'postgres') await SENT_ATTEMPT.run(q, p);
  else {
    await recordSent(q, r.messageId, r.providerRef, r.now);
    await finishAttempt(q, { messageId: r.messageId, attempt: r.attempt, outcome: 'sent', error: p.note, responseCode: r.responseCode, now: r.now });
  }
}
// Both updates run once, whatever the main statement reads of the first (PostgreSQL's WITH).
const SENT_ATTEMPT = prepared((db, p: { id: string; attempt: number; provider_ref: string | null; response_code: number | null; now: number; note: string | null }) =>
  db
    .with('sent', (w) =>
      w
        .updateTable('outbox_messages')
        .set((eb) => ({ status: 'sent', sent_at: p.now, updated_at: p.now, provider_ref: eb.fn.coalesce(eb.val(p.provider_ref), eb.ref('provider_ref')), lease_owner: null, last_error: null }))
        .where('id', '=', p.id)
        .where('status', 'in', PREDECESSORS.sent)
        .returning('id'),
    )
    .updateTable('outbox_attempts')
    .set({ finished_at: p.now, outcome: 'sent', error: p.note, response_code: p.response_code })
    .where('message_id', '=', p.id)
    .where('attempt', '=', p.attempt)
    .where('outcome', 'is', null),
);

export interface Fence {
  id: string;
  owner: string;
  attempt: number;
}

const fenced = (f: Fence) => (eb: EB) =>
  eb.and([eb('id', '=', f.id), eb('lease_owner', '=', f.owner), eb('attempts', '=', f.attempt)]);

/** A transient failure: stays `sending`, waits for `retryAt`. Only while our claim stands. */
export async function recordRetry(q: Q, f: Fence, retryAt: number, error: string, now: number): Promise<boolean> {
  const res = await q
    .updateTable('outbox_messages')
    .set({ status: 'sending', next_attempt_at: retryAt, lease_owner: null, last_error: error, updated_at: now })
    .where(fenced(f))
    .where('status', 'in', PREDECESSORS.sending)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Gives up: permanent error or attempts exhausted. Only while our claim stands. */
export async function recordFailed(q: Q, f: Fence, error: string, now: number): Promise<boolean> {
  const res = await q
    .updateTable('outbox_messages')
    .set({ status: 'failed', failed_at: now, lease_owner: null, last_error: error, updated_at: now })
    .where(fenced(f))
    .where('status', 'in', PREDECESSORS.failed)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** A provider's delivery receipt, by message id or provider ref; false when nothing moved. */
export async function markDelivered(q: Q, ref: { id: string } | { providerRef: string }, now: number): Promise<boolean> {
  const res = await q
    .updateTable('outbox_messages')
    .set({ status: 'delivered', delivered_at: now, updated_at: now, lease_owner: null })
    .$if('id' in ref, (qb) => qb.where('id', '=', (ref as { id: string }).id))
    .$if('providerRef' in ref, (qb) => qb.where('provider_ref', '=', (ref as { providerRef: string }).providerRef))
    .where('status', 'in', PREDECESSORS.delivered)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) >= 1;
}

/**
 * A provider's failure receipt after it accepted the message (an SMS undelivered, a call nobody
 * answered): `sent` becomes `failed`, so whoever watches failures (paging) tries the next way.
 * Only from `sent`: a message still `sending` belongs to the dispatcher's claim.
 */
export async function markUndelivered(q: Q, ref: { id: string } | { providerRef: string }, error: string, now: number): Promise<boolean> {
  const res = await q
    .updateTable('outbox_messages')
    .set({ status: 'failed', failed_at: now, updated_at: now, last_error: error.slice(0, MAX_ERROR_LENGTH) })
    .$if('id' in ref, (qb) => qb.where('id', '=', (ref as { id: string }).id))
    .$if('providerRef' in ref, (qb) => qb.where('provider_ref', '=', (ref as { providerRef: string }).providerRef))
    .where('status', '=', 'sent')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) >= 1;
}

/** Messages by channel and status, for metrics and the bench. */
export async function countMessages(q: Q) {
  return q
    .selectFrom('outbox_messages')
    .select((eb) => ['channel', 'status', eb.fn.countAll<number>().as('n')])
    .groupBy(['channel', 'status'])
    .execute();
}
