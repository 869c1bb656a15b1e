import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import { newId } from '../ids.js';
import type { Logger } from '../log.js';
import type { LiveEvents } from '../module.js';
import * as store from './store.js';

export interface Relay extends LiveEvents {
  close(): Promise<void>;
}

export interface RelayOptions {
  db: Database;
  clock: Clock;
  log: Logger;
  /** The in-process fan-out this relay feeds. */
  local: LiveEvents;
  /** How often to read what other processes wrote (default 250 ms). */
  pollMs?: number;
  /** How long to gather this process's events into one write (default 50 ms). */
  flushMs?: number;
}

const KEEP_MS = 60_000;
// Forgetting reads the whole table (`at` has no index: rows live a minute); once in a while is enough.
const FORGET_EVERY_MS = 5_000;

/**
 * Live events between processes on one SQLite file. Each process delivers its own events at
 * once and appends them, gathered into one write every `flushMs`, to the live_relay table; each
 * reads the others' rows every `pollMs` and skips its own. Delivery is best effort, like the
 * PostgreSQL relay: an event whose process dies before the flush reaches only local views (a
 * live view refetches on reconnect anyway).
 */
export function createSqliteRelay(opts: RelayOptions): Relay {
  const origin = newId('ins');
  const pollMs = opts.pollMs ?? 250;
  const flushMs = opts.flushMs ?? 50;
  let pending: { origin: string; topic: string; data: string; at: number }[] = [];
  let last: number | null = null;
  let closed = false;
  let flushTimer: NodeJS.Timeout | undefined;
  let forgotAt = -Infinity;

  const flush = async () => {
    flushTimer = undefined;
    const rows = pending;
    pending = [];
    const now = opts.clock.now().getTime();
    await store.append(opts.db.kysely, rows);
    if (now - forgotAt < FORGET_EVERY_MS) return;
    forgotAt = now;
    await store.forgetBefore(opts.db.kysely, now - KEEP_MS);
  };
  const poll = async () => {
    last ??= await store.lastSeq(opts.db.kysely);
    for (const row of await store.readSince(opts.db.kysely, last, origin, 500)) {
      last = Math.max(last, Number(row.seq));
      opts.local.publish(row.topic, JSON.parse(row.data));
    }
  };
  const safely = (what: string, fn: () => Promise<void>) => fn().catch((err: unknown) => opts.log.warn({ err }, `live relay: ${what} failed`));
  let polling = Promise.resolve();
  void (polling = safely('start', poll));
  const pollTimer = setInterval(() => {
    polling = polling.then(() => (closed ? undefined : safely('poll', poll)));
  }, pollMs);
  pollTimer.unref();

  return {
    publish(topic, data) {
      opts.local.publish(topic, data);
      pending.push({ origin, topic, data: JSON.stringify(data), at: opts.clock.now().getTime() });
      flushTimer ??= setTimeout(() => void safely('write', flush), flushMs);
    },
    subscribe: (fn) => opts.local.subscribe(fn),
    async close() {
      closed = true;
      clearInterval(pollTimer);
      await polling;
      if (flushTimer) {
        clearTimeout(flushTimer);
        await safely('write', flush);
      }
    },
  };
}
