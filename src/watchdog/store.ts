import { sql } from 'kysely';
import type { Q } from '../core/db/index.js';
import { FAILURES_FOR_DOWN, PROVIDER_CHANNELS, type Readings } from './model.js';

// The watchdog's reads: a few indexed counts a minute, whatever the size of the tables.

/** Every outbox channel; listed so each is one seek of outbox_messages_due (channel first). */
const OUTBOX_CHANNELS = ['email', 'sms', 'voice', 'push', 'chat', 'webhook'] as const;

/** Pending jobs due before `before` (index jobs_status_due). */
async function overdueJobs(q: Q, before: number): Promise<Readings['overdueJobs']> {
  const r = await q
    .selectFrom('jobs')
    .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.min<number | string | null>('due_at').as('oldest')])
    .where('status', '=', 'pending')
    .where('due_at', '<', before)
    .executeTakeFirst();
  return { count: Number(r?.n ?? 0), oldestDueAt: r?.oldest == null ? null : Number(r.oldest) };
}

/**
 * Messages that should have left before `before`: pending past their due time, or sending past
 * their deadline (a send the reconciler has not taken back) or retry time.
 */
async function waitingMessages(q: Q, before: number): Promise<Readings['waitingMessages']> {
  const rows = await q
    .selectFrom('outbox_messages')
    .select((eb) => ['channel', eb.fn.countAll<number | string>().as('n'), eb.fn.min<number | string>('next_attempt_at').as('oldest')])
    .where('channel', 'in', [...OUTBOX_CHANNELS])
    .where('status', 'in', ['pending', 'sending'])
    .where('next_attempt_at', '<', before)
    .groupBy('channel')
    .execute();
  return rows.map((r) => ({ channel: r.channel, count: Number(r.n), oldestDueAt: Number(r.oldest) }));
}

/** Failures counted at most: enough to say "all failed", few enough to read once a minute. */
const FAILURES_READ = 5_000;

/**
 * The provider channels' failures since `since`, newest first from the partial index
 * outbox_messages_failed (failed messages are few: a plain read of them, counted here, where a
 * GROUP BY or a channel condition leads SQLite through a whole channel's index instead); and, for
 * a channel failing often, whether any of its messages went out in the same minutes.
 */
async function channelFailures(q: Q, since: number): Promise<Readings['channelFailures']> {
  const failed = await q
    .selectFrom('outbox_messages')
    .select(['channel', 'last_error'])
    // A literal, as the partial index is written: a bound parameter keeps SQLite from using it.
    .where(sql<boolean>`status = 'failed'`)
    .where('failed_at', '>=', since)
    .orderBy('failed_at', 'desc')
    .limit(FAILURES_READ)
    .execute();
  const byChannel = new Map<string, Readings['channelFailures'][number]>();
  for (const f of failed) {
    if (!(PROVIDER_CHANNELS as readonly string[]).includes(f.channel)) continue;
    const c = byChannel.get(f.channel) ?? { channel: f.channel, failed: 0, sent: 0, lastError: f.last_error };
    c.failed++;
    byChannel.set(f.channel, c);
  }
  for (const c of byChannel.values()) {
    if (c.failed < FAILURES_FOR_DOWN) continue;
    // index outbox_messages_sent (channel, sent_at): one seek, not the channel's history.
    c.sent = (await q.selectFrom('outbox_messages').select('id').where('channel', '=', c.channel).where('sent_at', '>=', since).limit(1).execute()).length;
  }
  return [...byChannel.values()];
}

/** The readings of the watchdog's own (the kernel's) tables; the monitors' come through their service. */
export async function readHealth(q: Q, now: number, grace: { jobMs: number; messageMs: number; failureWindowMs: number }): Promise<Omit<Readings, 'monitors'>> {
  return {
    overdueJobs: await overdueJobs(q, now - grace.jobMs),
    waitingMessages: await waitingMessages(q, now - grace.messageMs),
    channelFailures: await channelFailures(q, now - grace.failureWindowMs),
  };
}
