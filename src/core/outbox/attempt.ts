import type { Ctx } from '../context.js';
import type { Database } from '../db/index.js';
import { toMessage } from './messages.js';
import { afterError, classifyError, errorMessage, givesUpInterrupted, settledBy, settledByJournal } from './model.js';
import type { Provider } from './provider.js';
import type { SendJournal } from './journal.js';
import type { Recorder } from './recorder.js';
import * as store from './store.js';

// One claimed message, from the provider call to the recorded outcome. The claim (status
// `sending`, deadline, attempt row) is already committed; the provider is called outside any
// transaction; the outcome and the attempt's verdict then commit together.

export interface AttemptDeps {
  db: Database;
  owner: string;
  random: () => number;
  /** Where outcomes are written: batched into shared transactions (recorder.ts). */
  record: Recorder['record'];
  /** Where a send the provider accepted is recorded (store.recordSentAttempt), as soon as it can be. */
  recordSent: (r: Parameters<typeof store.recordSentAttempt>[1]) => Promise<void>;
  /** Where a provider's acceptance is noted at once, before its outcome commits (journal.ts). */
  journal?: SendJournal;
}

export interface Claimed {
  row: store.MessageRow;
  /**
   * Its previous attempt got no answer (the process died mid-send, or a timeout): look in the send
   * journal, then ask a provider that can be asked, before sending again (about what it received
   * since the first attempt).
   */
  ask: { since: number } | null;
}

/**
 * Runs `fn` with a signal aborted after `ms`, or when `parent` aborts (a failover chain's attempt);
 * rejects then even if `fn` ignores the signal. A plain timer, not `AbortSignal.timeout`: a timeout
 * signal that only `AbortSignal.any` refers to can be collected before it fires.
 */
export async function withTimeout<T>(ms: number, fn: (signal: AbortSignal) => Promise<T>, parent?: AbortSignal): Promise<T> {
  const ac = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onParent = () => ac.abort(parent!.reason);
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const err = new Error(`timed out after ${ms} ms`);
      ac.abort(err);
      reject(err);
    }, ms);
  });
  if (parent?.aborted) onParent();
  else parent?.addEventListener('abort', onParent, { once: true });
  try {
    return await Promise.race([fn(ac.signal), expired]);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', onParent);
  }
}

const nowOf = (ctx: Ctx): number => ctx.clock.now().getTime();

/**
 * One claimed message: the provider's answer, then its outcome. `answered` is called once the
 * provider has answered or failed, before the outcome is handed to the recorder: the slot is
 * free from then on, and a claim made in that call shares the outcome's commit.
 */
export async function runAttempt(deps: AttemptDeps, provider: Provider, ctx: Ctx, { row, ask }: Claimed, answered: () => void = () => undefined): Promise<'sent' | 'not sent'> {
  const fence = { id: row.id, owner: deps.owner, attempt: Number(row.attempts) };
  const log = ctx.log.child({ outbox: row.id, channel: row.channel, attempt: fence.attempt });
  if (givesUpInterrupted(fence.attempt, Number(row.max_attempts))) {
    const error = `gave up: attempt ${fence.attempt - 1} of ${row.max_attempts} was interrupted (process died or hung)`;
    const now = nowOf(ctx);
    await deps.record(async (tx) => {
      await store.finishAttempt(tx, { messageId: row.id, attempt: fence.attempt, outcome: 'gave_up', error, now });
      await store.recordFailed(tx, fence, error, now);
    });
    log.error({ error }, 'outbox message failed');
    return 'not sent';
  }
  const noted = ask ? deps.journal?.find(row.id) : undefined;
  if (noted) {
    await settle(deps, ctx, row, fence.attempt, settledByJournal(noted));
    deps.journal!.settled(row.id);
    log.info('outbox send found accepted in the send journal after an unanswered attempt; not sent again');
    return 'sent';
  }
  if (ask && provider.status && (await confirmedByProvider(deps, provider, ctx, row, fence.attempt, ask.since))) {
    log.info('outbox send confirmed by the provider after an unanswered attempt; not sent again');
    return 'sent';
  }
  const notSent = async (err: unknown): Promise<'not sent'> => {
    // Attempts a crash interrupted are not the provider's: they do not count against the message.
    const interrupted = await store.countInterrupted(deps.db.kysely, row.id);
    await recordError(deps, ctx, { ...fence, maxAttempts: Number(row.max_attempts) + interrupted }, err);
    return 'not sent';
  };
  // A provider that can be asked is asked after a crash instead (confirmedByProvider).
  let answeredYet = false;
  const journal = deps.journal;
  const handedOver =
    journal && !provider.status
      ? () => {
          if (!answeredYet) journal.handedOver({ messageId: row.id, attempt: fence.attempt, at: nowOf(ctx) });
        }
      : undefined;
  let result: Awaited<ReturnType<Provider['send']>>;
  try {
    result = await withTimeout(provider.timeoutMs, (signal) => provider.send(toMessage(row), { idempotencyKey: row.key, signal, handedOver }));
  } catch (err) {
    answeredYet = true;
    answered();
    journal?.refused(row.id); // a hand-over noted before the refusal: the error stands, not the line
    return notSent(err);
  }
  answeredYet = true;
  const now = nowOf(ctx);
  const accepted = { messageId: row.id, attempt: fence.attempt, providerRef: result.providerRef ?? null, responseCode: result.responseCode ?? null };
  deps.journal?.accepted({ ...accepted, at: now });
  answered();
  try {
    await deps.recordSent({ ...accepted, now });
    deps.journal?.settled(row.id);
    return 'sent';
  } catch (err) {
    return notSent(err);
  }
}

async function recordError(deps: AttemptDeps, ctx: Ctx, fence: store.Fence & { maxAttempts: number }, err: unknown): Promise<void> {
  const now = nowOf(ctx);
  const c = classifyError(err);
  const next = afterError(c.kind, fence.attempt, fence.maxAttempts, now, deps.random(), c.retryAfterMs);
  const outcome = c.kind === 'permanent' ? 'permanent_error' : 'transient_error';
  const fields = { outbox: fence.id, attempt: fence.attempt, error: c.message, responseCode: c.responseCode };
  await deps.record(async (tx) => {
    await store.finishAttempt(tx, { messageId: fence.id, attempt: fence.attempt, outcome, error: c.message, responseCode: c.responseCode, now });
    const moved =
      next.next === 'retry' ? await store.recordRetry(tx, fence, next.retryAt, c.message, now) : await store.recordFailed(tx, fence, c.message, now);
    if (!moved) ctx.log.warn(fields, 'outbox outcome arrived after the claim was taken over; not recorded on the message');
  });
  if (next.next === 'failed') ctx.log.error(fields, 'outbox message failed');
  else ctx.log.warn({ ...fields, retryAt: next.retryAt }, 'outbox send failed; will retry');
}

/** A send found accepted after all (the journal, the provider's answer): recorded, not sent again. */
async function settle(deps: AttemptDeps, ctx: Ctx, row: store.MessageRow, attempt: number, settled: NonNullable<ReturnType<typeof settledBy>>): Promise<void> {
  const now = nowOf(ctx);
  await deps.record(async (tx) => {
    await store.recordSent(tx, row.id, settled.providerRef, now);
    if (settled.status === 'delivered') await store.markDelivered(tx, { id: row.id }, now);
    await store.finishAttempt(tx, { messageId: row.id, attempt, outcome: 'confirmed', error: settled.note, now });
  });
}

/** The reconciler's question: did the provider get it? True when its answer settled the message. */
async function confirmedByProvider(deps: AttemptDeps, provider: Provider, ctx: Ctx, row: store.MessageRow, attempt: number, since: number): Promise<boolean> {
  const status = provider.status!;
  try {
    const query = { providerRef: row.provider_ref, idempotencyKey: row.key, message: toMessage(row), since };
    const settled = settledBy(await withTimeout(provider.timeoutMs, (signal) => status(query, { signal })));
    if (!settled) return false;
    await settle(deps, ctx, row, attempt, settled);
    return true;
  } catch (err) {
    ctx.log.warn({ outbox: row.id, err: errorMessage(err) }, 'provider status query failed; sending again');
    return false;
  }
}
