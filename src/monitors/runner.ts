import { makeCtx, systemActor } from '../core/context.js';
import type { BackgroundWorker, Kernel } from '../core/module.js';
import { LOCATION_HEADER, runCheck } from './checks/index.js';
import { recordOutcomes, toState, type Outcome } from './evaluate.js';
import { assignedTo, confirmationOf, locationsOf, type ActiveSpec, type CheckOutcome } from './model.js';
import { ResultBuffer } from './result-buffer.js';
import { confirmOf } from './model.schedule.js';
import { CheckScheduler, type Scheduled, type SchedulerStats } from './scheduler.js';
import * as store from './store.js';

// The server's own location: every instance keeps the monitors it is assigned in memory and
// checks them on their slots. Instances announce themselves in monitor_workers; monitors are
// divided among the live ones by rendezvous hashing, so when one dies its monitors move to the
// others at the next membership check (seconds), and a slot is recorded once whoever ran it.

export const SERVER_LOCATION = { name: 'server', seq: 1 } as const;
const MEMBERSHIP_EVERY_MS = 3_000;
/** An instance not seen for this long is dead; its monitors move. */
export const WORKER_DEAD_AFTER_MS = 9_000;
const FULL_SYNC_EVERY_MS = 30_000;

interface Item extends Scheduled {
  spec: ActiveSpec;
  seq: number;
}

export interface MonitorRunner extends BackgroundWorker {
  stats(): SchedulerStats & { owner: string; peers: number; missedTotal: number };
  /** Re-reads monitors and membership now (tests; the timers do it in production). */
  sync(): Promise<void>;
}

export interface RunnerOptions {
  owner: string;
  maxInFlight: number;
  /** Tests: intervals divided by this. */
  timeScale?: number;
  /** Override the check (benchmarks, tests). */
  run?(spec: ActiveSpec, signal: AbortSignal, timeoutMs: number): Promise<CheckOutcome>;
}

export function createMonitorRunner(kernel: Kernel, opts: RunnerOptions): MonitorRunner {
  const log = kernel.log.child({ component: 'monitors' });
  const ctx = makeCtx(kernel, systemActor('monitors'), 'monitors', log);
  const now = () => kernel.clock.now().getTime();
  const scale = opts.timeScale ?? 1;
  const scaled = (ms: number) => Math.max(1, Math.round(ms / scale));
  const membershipEvery = MEMBERSHIP_EVERY_MS / scale;
  const deadAfter = WORKER_DEAD_AFTER_MS / scale;
  let peers: string[] = [];
  /** updated_at of each monitor scheduled here: a changed monitor is re-read, an unchanged one left alone. */
  const versions = new Map<string, number>();
  /** Monitors changed after this (added, resumed, edited while the runner runs) are checked at once. */
  let startedAt = Infinity;
  let missedTotal = 0;
  let lastMissedLog = 0;
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe: (() => void) | null = null;
  let syncing: Promise<void> | null = null;
  let again = false;

  const buffer = new ResultBuffer<Outcome>({
    flush: async (batch) => void (await recordOutcomes(ctx, batch)),
    maxBatch: 1000,
    maxDelayMs: 500,
    onError: (err, batch) => log.error({ err, results: batch.length }, 'writing check results failed; kept for a retry'),
  });

  const scheduler = new CheckScheduler<Item>({
    now,
    maxInFlight: opts.maxInFlight,
    run: async (item, signal) => {
      const outcome = await (opts.run ? opts.run(item.spec, signal, item.timeoutMs) : runCheck(item.spec, { timeoutMs: item.timeoutMs, now, signal, extraHeaders: { [LOCATION_HEADER]: SERVER_LOCATION.name } }));
      // The scheduler aborts a check at its timeout: that is a timeout, not a cancelled check.
      return outcome.failure === 'error' && signal.aborted ? { ...outcome, failure: 'timeout', message: `no answer within ${item.timeoutMs} ms` } : outcome;
    },
    onResult: (item, slot, outcome) =>
      buffer.push({ monitor_id: item.key, monitor_seq: item.seq, location: SERVER_LOCATION.name, location_seq: SERVER_LOCATION.seq, at: slot.dueAt, outcome }),
    onMissed: (item, dueAt, why) => {
      missedTotal++;
      // Said out loud, never silently stretched; at most once a minute in the log.
      if (now() - lastMissedLog > 60_000) {
        lastMissedLog = now();
        log.warn({ monitor: item.key, due: new Date(dueAt).toISOString(), why, missed_total: missedTotal }, 'monitor scheduler is behind: a check slot was missed');
      }
    },
    onError: (err, item) => log.error({ err, monitor: item.key }, 'monitor result handling failed'),
  });

  async function syncOnce(): Promise<void> {
    const at = now();
    await store.heartbeatWorker(kernel.db.kysely, opts.owner, SERVER_LOCATION.name, at);
    peers = await store.liveWorkers(kernel.db.kysely, SERVER_LOCATION.name, at - deadAfter);
    if (!peers.includes(opts.owner)) peers = [...peers, opts.owner].sort();
    const keep = new Set<string>();
    /** Monitors this runner takes up now (it started, or their instance died). */
    const takenUp: string[] = [];
    for (const m of await store.listActive(kernel.db.kysely)) {
      if (!locationsOf(JSON.parse(m.locations) as string[], [SERVER_LOCATION.name]).length) continue;
      if (assignedTo(m.id, peers) !== opts.owner) continue;
      keep.add(m.id);
      const version = Number(m.updated_at);
      if (versions.get(m.id) === version) continue;
      if (!versions.has(m.id)) takenUp.push(m.id);
      versions.set(m.id, version);
      const confirm = confirmOf(confirmationOf(m.confirmation), scaled);
      scheduler.upsert({ key: m.id, seq: m.seq, intervalMs: scaled(m.interval_s * 1000), timeoutMs: scaled(m.timeout_ms), spec: JSON.parse(m.spec) as ActiveSpec, confirm });
      // Not the monitors a restart or another instance's death hands over: thousands at once.
      if (version > startedAt) scheduler.checkNow(m.id);
    }
    for (const key of versions.keys()) {
      if (keep.has(key)) continue;
      scheduler.remove(key);
      versions.delete(key);
    }
    // A confirmation under way when they were handed over goes on from the state it left.
    if (takenUp.length) {
      const mine = new Set(takenUp);
      for (const r of await store.unconfirmedAt(kernel.db.kysely, SERVER_LOCATION.name)) {
        if (mine.has(r.monitor_id)) scheduler.resumeConfirming(r.monitor_id, toState(r));
      }
    }
  }

  /** One sync at a time; a request while one runs makes exactly one more after it. */
  function sync(): Promise<void> {
    if (syncing) {
      again = true;
      return syncing;
    }
    syncing = syncOnce()
      .catch((err: unknown) => log.error({ err }, 'monitor sync failed; retrying at the next tick'))
      .finally(() => {
        syncing = null;
        if (again) {
          again = false;
          void sync();
        }
      });
    return syncing;
  }

  return {
    name: 'monitor-checks',
    sync,
    async start() {
      await sync();
      scheduler.start();
      startedAt = now();
      let lastFull = now();
      timers.push(
        setInterval(() => {
          const before = peers.join();
          void (async () => {
            await store.heartbeatWorker(kernel.db.kysely, opts.owner, SERVER_LOCATION.name, now()).catch((err: unknown) => log.warn({ err }, 'monitor heartbeat failed'));
            const live = await store.liveWorkers(kernel.db.kysely, SERVER_LOCATION.name, now() - deadAfter).catch(() => peers);
            if (live.join() !== before || now() - lastFull > FULL_SYNC_EVERY_MS) {
              lastFull = now();
              await sync();
            }
          })();
        }, membershipEvery),
      );
      // Configuration changes only: a state change (20,000 of them in a first interval) changes
      // nothing to schedule, and each re-read of every monitor costs ~200 ms of CPU at 20,000.
      unsubscribe = kernel.live.subscribe((topic, data) => {
        if (topic === 'monitor' && (data as { change?: string }).change !== 'state') void sync();
      });
      log.info({ monitors: scheduler.size, owner: opts.owner, peers: peers.length }, 'monitor checks started');
    },
    async stop() {
      for (const t of timers.splice(0)) clearInterval(t);
      unsubscribe?.();
      await syncing;
      await scheduler.stop();
      await buffer.close();
      await store.removeWorker(kernel.db.kysely, opts.owner).catch(() => undefined);
    },
    stats: () => ({ ...scheduler.stats(), owner: opts.owner, peers: peers.length, missedTotal }),
  };
}
