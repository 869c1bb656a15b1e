import type { Ctx } from '../context.js';
import type { Database, Q } from '../db/index.js';
import type { EngineModule } from '../engine/index.js';
import { runAttempt, type AttemptDeps, type Claimed } from './attempt.js';
import { askBeforeSending, available, burstFor, errorMessage, journalReplayNote, msUntilToken, refill, take, type AttemptFact, type Bucket } from './model.js';
import type { Provider } from './provider.js';
import { registerDirectSender } from './direct.js';
import type { SendJournal } from './journal.js';
import { createRecorder, type Recorder } from './recorder.js';
import * as store from './store.js';

export interface OutboxDispatcherOptions {
  db: Database;
  /** This process's identity in claims; use the engine's (`engine.owner`). */
  owner: string;
  /** One per channel. Messages of channels without a provider here wait for an instance that has one. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each provider owns its payload's shape
  providers: Provider<any>[];
  /** Asks for a cycle soon (`engine.trigger`): when a send finishes, or the rate limit frees a token. */
  wake?: () => void;
  /** A send counts as stuck this long after its provider timeout; default 1 s. */
  deadlineGraceMs?: number;
  /** Jitter source for retry delays; fixed in tests. */
  random?: () => number;
  /** Engine module name; default `outbox`. */
  name?: string;
  /** Where accepted sends are noted before their outcome commits (journal.ts); its earlier lines are recorded at the first cycle. */
  journal?: SendJournal;
}

/** The dispatcher is an engine module; `drain` waits for the sends in flight (for a clean stop). */
export type OutboxDispatcher = Extract<EngineModule, { exclusive: false }> & {
  inFlight(channel?: string): number;
  drain(): Promise<void>;
};

interface Channel {
  provider: Provider;
  inFlight: number;
  bucket: Bucket | null;
  timer: NodeJS.Timeout | undefined;
  /** Slots taken by claims not committed yet (two claims at once must not fill the same slot). */
  claiming: number;
}

/**
 * Each cycle, per channel: claim as many rows as free slots and rate tokens allow (stuck sends
 * first, then due ones), commit the claim (`sending` with a deadline, an attempt row), then
 * call the provider outside any transaction and record the outcome. Sends run in the
 * background so a slow provider never holds up the cycle; each finishing send asks for the next
 * cycle. Not exclusive: every row carries its own claim, so all instances dispatch at once.
 */
export function createOutboxDispatcher(opts: OutboxDispatcherOptions): OutboxDispatcher {
  const channels = new Map<string, Channel>();
  for (const provider of opts.providers) {
    if (channels.has(provider.channel)) throw new Error(`outbox channel "${provider.channel}" already has a provider`);
    if (!(provider.concurrency >= 1)) throw new Error(`outbox channel "${provider.channel}": concurrency must be at least 1`);
    channels.set(provider.channel, { provider, inFlight: 0, bucket: null, timer: undefined, claiming: 0 });
  }
  const running = new Set<Promise<void>>();
  const { record } = createRecorder(opts.db);
  // A send the provider accepted: on SQLite in the recorder's next shared commit (one fsync for
  // a burst of them); on PostgreSQL at once, one autocommit statement (a round trip and a commit,
  // not a shared transaction's BEGIN, its other writes and COMMIT): the email duplicate window.
  const recordSent: AttemptDeps['recordSent'] =
    opts.db.dialect === 'postgres' ? (r) => store.recordSentAttempt(opts.db.kysely, r) : (r) => record((tx) => store.recordSentAttempt(tx, r));
  const deps: AttemptDeps = { db: opts.db, owner: opts.owner, random: opts.random ?? Math.random, record, recordSent, journal: opts.journal };
  let replayed = !opts.journal;
  const graceMs = opts.deadlineGraceMs ?? 1_000;

  let draining = false;
  const start = (ch: Channel, ctx: Ctx, claimed: Claimed) => {
    ch.inFlight++;
    let freed = false;
    let refilled = false;
    const free = () => {
      if (freed) return;
      freed = true;
      ch.inFlight--;
    };
    const refill = () => {
      refilled = true;
      if (!draining) dispatch(ch, ctx, ctx.clock.now().getTime()).catch((err: unknown) => ctx.log.warn({ channel: ch.provider.channel, err: errorMessage(err) }, 'outbox claim failed; the next cycle retries'));
    };
    // Once the provider has answered, the slot is free and the channel's next claim is made at
    // once, not at the engine cycle this send would wake. On SQLite the claim joins this send's
    // outcome in one commit (one fsync per page instead of two); on PostgreSQL it follows the
    // outcome's commit, whose duplicate window (SMTP cannot be asked) would otherwise grow by the
    // claim's round trips (bench:chaos: email duplicates 18 to 50).
    const answered = () => {
      free();
      if (opts.db.dialect === 'sqlite') refill();
    };
    const p: Promise<void> = runAttempt(deps, ch.provider, ctx, claimed, answered)
      .catch((err: unknown) => {
        ctx.log.error({ outbox: claimed.row.id, err: errorMessage(err) }, 'outbox outcome not recorded; the reconciler will retry it');
        return 'not sent' as const;
      })
      .then((outcome) => {
        free();
        running.delete(p);
        if (outcome === 'sent' && !refilled) refill();
        // A send that went out, its slot refilled, needs nothing more; one that did not needs a
        // cycle: for a retry, or for a failure that paging follows up (paging.failures).
        if (outcome !== 'sent') opts.wake?.();
      });
    running.add(p);
  };

  const wakeIn = (ch: Channel, ms: number) => {
    if (ch.timer || !opts.wake) return;
    ch.timer = setTimeout(() => {
      ch.timer = undefined;
      opts.wake?.();
    }, Math.max(1, ms));
    ch.timer.unref();
  };

  // Claims being made: a send's refill claims outside any engine cycle, so a clean stop waits for
  // these as well as for the sends, or it would close the database under a claim whose send then
  // never gets its outcome (an `interrupted` attempt, sent again by the next process).
  const dispatching = new Set<Promise<void>>();
  const dispatch = (ch: Channel, ctx: Ctx, now: number): Promise<void> => {
    const p = claimAndStart(ch, ctx, now);
    dispatching.add(p);
    const done = () => void dispatching.delete(p);
    p.then(done, done);
    return p;
  };

  const claimAndStart = async (ch: Channel, ctx: Ctx, now: number): Promise<void> => {
    const { provider } = ch;
    let limit = provider.concurrency - ch.inFlight - ch.claiming;
    const rate = provider.ratePerSecond;
    let tokens = Infinity;
    if (rate !== undefined && rate > 0) {
      ch.bucket = refill(ch.bucket ?? { tokens: burstFor(rate), at: now }, now, rate, burstFor(rate));
      tokens = available(ch.bucket);
      limit = Math.min(limit, tokens);
    }
    if (limit <= 0) {
      if (rate && ch.bucket && tokens < 1) wakeIn(ch, msUntilToken(ch.bucket, rate));
      return;
    }
    ch.claiming += limit;
    let claimed: Claimed[];
    try {
      claimed = await deps.record((tx) => claimBatch(tx, opts.owner, provider, now, now + provider.timeoutMs + graceMs, limit));
    } finally {
      ch.claiming -= limit;
    }
    if (rate && ch.bucket) {
      // A question to the provider before a send is a request too (the bucket may go below zero:
      // the next claim then waits for it).
      ch.bucket = take(ch.bucket, claimed.length + (provider.status ? claimed.filter((c) => c.ask).length : 0));
      // Held back by the rate, not by the slots: more may be due when the next token comes.
      if (claimed.length === limit && limit === tokens) wakeIn(ch, msUntilToken(ch.bucket, rate));
    }
    for (const c of claimed) start(ch, ctx, c);
  };

  // Pages sent right after their transaction commits (direct.ts): only where nothing limits the
  // rate and a slot is free now; the slot is taken at commit (a few concurrent commits may go
  // over `concurrency` for a moment, never the rate).
  registerDirectSender(opts.db, {
    owner: opts.owner,
    deadlineFor: (channel, now) => {
      const ch = channels.get(channel);
      // Stopping: left `pending` for the next claim (another instance, or this one's next life).
      if (draining || !ch || ch.provider.ratePerSecond || ch.inFlight + ch.claiming >= ch.provider.concurrency) return null;
      return now + ch.provider.timeoutMs + graceMs;
    },
    start: (claimed, ctx) => {
      const ch = channels.get(claimed.row.channel);
      if (ch) start(ch, ctx, claimed);
    },
  });

  return {
    name: opts.name ?? 'outbox',
    exclusive: false,
    tick: async (ctx: Ctx, now: number) => {
      if (!replayed) replayed = await replayJournal(opts.journal!, record, ctx);
      for (const ch of channels.values()) await dispatch(ch, ctx, now);
    },
    inFlight: (channel) =>
      channel === undefined ? [...channels.values()].reduce((n, ch) => n + ch.inFlight, 0) : (channels.get(channel)?.inFlight ?? 0),
    drain: async () => {
      draining = true;
      while (running.size > 0 || dispatching.size > 0) await Promise.allSettled([...running, ...dispatching]);
    },
  };
}

/**
 * Stuck sends of this channel first (their open attempt closed as `interrupted`), then due
 * ones; each gets its attempt row. Those whose previous attempt got no answer will ask the
 * provider first when it can be asked (model.askBeforeSending), so their deadline allows for
 * the question and the send. Runs in a transaction of its own or shared with outcomes
 * (recorder.ts); only after it commits is the provider called, so a crash from here on leaves
 * a `sending` row the reconciler finds.
 */
async function claimBatch(tx: Q, owner: string, provider: Provider, now: number, deadline: number, limit: number): Promise<Claimed[]> {
  const input = { channel: provider.channel, owner, now, deadline, limit };
  const stuck = await store.claim(tx, 'stuck', input);
  const due = await store.claim(tx, 'due', { ...input, limit: limit - stuck.length });
  for (const r of stuck) {
    const error = 'no outcome recorded before the deadline (process died or hung)';
    await store.finishAttempt(tx, { messageId: r.id, attempt: Number(r.attempts) - 1, outcome: 'interrupted', error, now });
  }
  const all = [...stuck.map((row) => ({ row, stuck: true })), ...due.map((row) => ({ row, stuck: false }))];
  const asks = await whoAsks(tx, all);
  if (provider.status) await store.extendDeadline(tx, [...asks.keys()], owner, deadline + provider.timeoutMs);
  await store.insertAttempts(
    tx,
    all.map(({ row }) => ({
      message_id: row.id,
      attempt: Number(row.attempts),
      owner,
      started_at: now,
      finished_at: null,
      outcome: null,
      error: null,
      response_code: null,
    })),
  );
  return all.map(({ row }) => ({ row, ask: asks.get(row.id) ?? null }));
}

/**
 * Before the first claim: the sends an earlier process noted as accepted or handed over (journal.ts) whose
 * outcome may not have committed, recorded as sent (a message already past `sending` is left as
 * it is). True once done; a failure (the database) is retried at the next cycle.
 */
async function replayJournal(journal: SendJournal, record: Recorder['record'], ctx: Ctx): Promise<boolean> {
  const noted = journal.unsettled();
  try {
    if (noted.length > 0) await record(async (tx) => {
      for (const s of noted) await store.recordSentAttempt(tx, { ...s, now: s.at, note: journalReplayNote(s) });
    });
  } catch (err) {
    ctx.log.warn({ err: errorMessage(err) }, 'accepted sends in the send journal not recorded yet; the next cycle retries');
    return false;
  }
  for (const s of noted) journal.settled(s.messageId);
  if (noted.length > 0) ctx.log.info({ sends: noted.length }, 'recorded the sends an earlier process noted as accepted');
  return true;
}

/** Which claimed messages ask (the journal, the provider) before sending; only a first attempt needs no read. */
async function whoAsks(tx: Q, claimed: { row: store.MessageRow; stuck: boolean }[]): Promise<Map<string, { since: number }>> {
  const candidates = claimed.filter((c) => c.stuck || Number(c.row.attempts) > 1);
  const history = new Map<string, AttemptFact[]>();
  for (const a of await store.attemptHistory(tx, candidates.map((c) => c.row.id))) {
    const fact = { attempt: Number(a.attempt), startedAt: Number(a.started_at), outcome: a.outcome, responseCode: a.response_code === null ? null : Number(a.response_code) };
    history.set(a.message_id, [...(history.get(a.message_id) ?? []), fact]);
  }
  const asks = new Map<string, { since: number }>();
  for (const { row, stuck } of candidates) {
    const ask = askBeforeSending(history.get(row.id) ?? [], Number(row.attempts), stuck, Number(row.created_at));
    if (ask) asks.set(row.id, ask);
  }
  return asks;
}
