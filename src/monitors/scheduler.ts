// The check scheduler: due times of every monitor in memory (not job rows), one timer for the
// earliest, bounded concurrency, and every slot either run once or reported missed.
// Generic: it knows keys, intervals and timeouts; what a check does is the caller's `run`.
import { CheckRun, type RunHost } from './check-run.js';
import { DueHeap } from './due-heap.js';
import { LagWindow, type LagSummary } from './lag-window.js';
import type { CheckOutcome } from './model.js';
import { applyResult, NEW_LOCATION, type LocationState } from './model.confirmation.js';
import { isWholePositiveMs, latestSlotUpTo, phaseOf, slotAtOrAfter, type MissedWhy, type Scheduled, type Slot, type Timers } from './model.schedule.js';
import { ReadyQueue } from './ready-queue.js';

export type { MissedWhy, Scheduled, Slot, Timers } from './model.schedule.js';

export interface SchedulerOptions<T extends Scheduled = Scheduled> {
  /** Wall clock, epoch ms: slots are aligned to the epoch so that every instance agrees on them. */
  now(): number;
  /** Runs one check; should settle soon after `signal` aborts (at the item's timeout). */
  run(item: T, signal: AbortSignal): Promise<CheckOutcome>;
  onResult(item: T, slot: Slot, outcome: CheckOutcome): void;
  onMissed?(item: T, dueAt: number, why: MissedWhy): void;
  maxInFlight: number;
  /** How long after the abort a run that ignores it is still waited for (default 1000 ms). */
  giveUpAfterMs?: number;
  /** A callback (onResult, onMissed) threw; the scheduler carries on. Default: console.error. */
  onError?(err: unknown, item: T): void;
  timers?: Timers;
}

export interface SchedulerStats {
  monitors: number;
  inFlight: number;
  queued: number;
  started: number;
  completed: number;
  missed: number;
  /** Runs that ignored their abort and were given up on (the checker is not obeying its signal). */
  abandoned: number;
  /** Start minus due, ms: the last 4096 starts, of those within the last minute. */
  lag: LagSummary;
  /** Lag p99 over a second, or a slot missed within the last minute. */
  behind: boolean;
  lastMissedAt: number | null;
}

/** A location whose checks pass, as applyResult leaves it (the time of the last result aside, which only orders probes' late answers). */
const SETTLED_UP: LocationState = { status: 'up', streak: 0, first_failure_at: null, last_result_at: null };

/** The longest the one timer sleeps, so a jump of the wall clock is noticed within a second. */
const MAX_SLEEP_MS = 1000;
const BEHIND_LAG_MS = 1000;
const MISSED_RECENT_MS = 60_000;

type EntryState = 'idle' | 'queued' | 'running' | 'removed';

/** Per monitor: the caller's item by reference and a few numbers. */
class Entry<T extends Scheduled> {
  heapIndex = -1;
  /** The next slot not yet claimed (queued, run or reported missed). */
  nextDue = NaN;
  /** The slot claimed last: the one waiting or running. */
  lastDue = -Infinity;
  state: EntryState = 'idle';
  run: CheckRun<T> | null = null;
  /** This location's state as its own checks tell it: whether the last ones await confirmation. */
  confirming: LocationState = NEW_LOCATION;
  /** While a confirming re-check waits in the heap (its time in nextDue): the slot it stands before. */
  slotAfterRecheck: number | null = null;
  /** Handed a confirmation under way before the scheduler started: checked as it starts. */
  checkOnStart = false;
  constructor(
    public item: T,
    public phase: number,
  ) {}
}

/** The process's own setTimeout and clearTimeout. */
export const systemTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class CheckScheduler<T extends Scheduled = Scheduled> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly heap = new DueHeap<Entry<T>>();
  private readonly ready = new ReadyQueue<Entry<T>>((e) => e.state === 'queued');
  private readonly inFlight = new Map<CheckRun<T>, Entry<T>>();
  private readonly lag = new LagWindow();
  private readonly timers: Timers;
  private readonly host: RunHost<T>;
  private running = false;
  private timer: unknown = null;
  private armedFor = Infinity;
  private idleWaiters: (() => void)[] = [];
  private readonly counts = { started: 0, completed: 0, missed: 0, abandoned: 0 };
  private lastMissedAt: number | null = null;

  constructor(private readonly o: SchedulerOptions<T>) {
    if (!Number.isSafeInteger(o.maxInFlight) || o.maxInFlight < 1) throw new RangeError('maxInFlight must be a whole number ≥ 1');
    this.timers = o.timers ?? systemTimers;
    this.host = {
      timers: this.timers,
      giveUpAfterMs: o.giveUpAfterMs ?? 1000,
      settled: (run, outcome) => this.settle(run, outcome),
      abandoned: () => void this.counts.abandoned++,
    };
  }

  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Adds a monitor or replaces its item; a new interval moves it to that interval's slots. */
  upsert(item: T): void {
    if (!isWholePositiveMs(item.intervalMs) || !isWholePositiveMs(item.timeoutMs)) {
      throw new RangeError(`monitor ${item.key}: intervalMs and timeoutMs must be whole, positive milliseconds`);
    }
    let e = this.entries.get(item.key);
    if (e && e.item.intervalMs === item.intervalMs) {
      e.item = item; // a new spec or timeout: the next run uses it
      return;
    }
    if (e) {
      e.item = item;
      e.phase = phaseOf(item.key, item.intervalMs);
    } else {
      e = new Entry(item, phaseOf(item.key, item.intervalMs));
      this.entries.set(item.key, e);
    }
    if (!this.running) return;
    e.nextDue = this.firstSlot(e, this.o.now());
    e.slotAfterRecheck = null;
    if (e.heapIndex < 0) this.heap.push(e);
    else this.heap.update(e);
    this.arm();
  }

  /**
   * One check at once, off the grid, for a monitor a person just added, resumed or changed: its
   * first result should not wait for its slot (up to an interval: 60 s by default). The slots go
   * on as before. Not when a check of it is waiting or running, nor when its next slot comes
   * before this check could end (that slot would be reported missed, still running); answers
   * whether it was queued.
   */
  checkNow(key: string): boolean {
    const e = this.entries.get(key);
    if (!this.running || !e || e.state !== 'idle') return false;
    const now = this.o.now();
    if ((e.slotAfterRecheck ?? e.nextDue) - now <= e.item.timeoutMs + this.host.giveUpAfterMs) return false;
    e.lastDue = now;
    e.state = 'queued';
    this.ready.push(e);
    this.pump();
    return true;
  }

  /**
   * After each result: while the location's checks disagree with its state and have not yet
   * confirmed a change (item.confirm), one more check `recheckMs` from now, unless the next slot
   * comes before it could end. It waits in the heap in the slot's place and gives it back when
   * claimed; a check already waiting or running makes it needless.
   */
  private confirm(e: Entry<T>, at: number, outcome: CheckOutcome, now: number): void {
    const c = e.item.confirm;
    if (!c) return;
    const ok = outcome.status !== 'down';
    // A check that agrees with a settled state changes nothing: no new state object per check,
    // and the first good check of each monitor shares one (20,000 monitors, 20,000 objects less).
    if (e.confirming.streak === 0 && e.confirming.status === (ok ? 'up' : 'down')) return;
    if (ok && e.confirming === NEW_LOCATION) return void (e.confirming = SETTLED_UP);
    e.confirming = applyResult(e.confirming, { at, ok }, c.failuresToDown).state;
    if (e.confirming.streak === 0 || !(c.recheckMs > 0) || e.state !== 'idle' || e.slotAfterRecheck !== null || e.heapIndex < 0) return;
    const due = now + c.recheckMs;
    if (e.nextDue - due <= e.item.timeoutMs + this.host.giveUpAfterMs) return;
    e.slotAfterRecheck = e.nextDue;
    e.nextDue = due;
    this.heap.update(e);
    this.arm(now);
  }

  /**
   * Takes up a confirmation another process left under way (a restart, an instance that died):
   * the location's last checks disagreed with its state, and the re-check that would have
   * confirmed them was lost with that process. Checked at once (or as the scheduler starts), and
   * re-checked from there as usual, instead of at its next slot: a day away for a daily monitor.
   */
  resumeConfirming(key: string, state: LocationState): void {
    const e = this.entries.get(key);
    if (!e || state.streak === 0 || !e.item.confirm || !(e.item.confirm.recheckMs > 0)) return;
    e.confirming = state;
    if (this.running) this.checkNow(key);
    else e.checkOnStart = true;
  }

  /** Forgets a monitor; a check of it in flight is aborted and its outcome not reported. */
  remove(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.heap.remove(e);
    if (e.state === 'queued') this.ready.forget();
    e.state = 'removed';
    e.run?.drop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const now = this.o.now();
    for (const e of this.entries.values()) {
      e.nextDue = this.firstSlot(e, now);
      e.slotAfterRecheck = null;
      this.heap.push(e);
    }
    for (const e of this.entries.values()) {
      if (!e.checkOnStart) continue;
      e.checkOnStart = false;
      this.checkNow(e.item.key);
    }
    this.arm(now);
  }

  /** Stops scheduling, aborts the checks in flight and waits until they have settled (or been given up on). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.heap.clear();
    for (const e of this.ready.clear()) e.state = 'idle';
    for (const run of this.inFlight.keys()) run.drop();
    if (this.inFlight.size > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  stats(): SchedulerStats {
    const now = this.o.now();
    const lag = this.lag.summary(now);
    const missedRecently = this.lastMissedAt !== null && now - this.lastMissedAt < MISSED_RECENT_MS;
    return {
      monitors: this.entries.size,
      inFlight: this.inFlight.size,
      queued: this.ready.size,
      ...this.counts,
      lag,
      behind: lag.p99 > BEHIND_LAG_MS || missedRecently,
      lastMissedAt: this.lastMissedAt,
    };
  }

  /** The first slot at or after now, and after the last one claimed (starting again never repeats a slot). */
  private firstSlot(e: Entry<T>, now: number): number {
    return slotAtOrAfter(e.phase, e.item.intervalMs, Math.max(now, e.lastDue + 1));
  }

  private readonly tick = (): void => {
    this.timer = null;
    if (!this.running) return;
    const now = this.o.now();
    for (let e = this.heap.peek(); e && e.nextDue <= now; e = this.heap.peek()) {
      this.claim(e, now);
      this.heap.update(e);
    }
    this.pump();
    this.arm(now);
  };

  /** Takes every slot of `e` due by now: the latest waits to run, the others are reported missed. */
  private claim(e: Entry<T>, now: number): void {
    if (e.slotAfterRecheck !== null) {
      const recheck = e.nextDue;
      e.nextDue = e.slotAfterRecheck;
      e.slotAfterRecheck = null;
      if (e.state !== 'idle') return;
      e.lastDue = recheck;
      e.state = 'queued';
      this.ready.push(e);
      return;
    }
    const item = e.item;
    const first = e.nextDue;
    const latest = latestSlotUpTo(first, item.intervalMs, now);
    e.nextDue = latest + item.intervalMs;
    if (e.state === 'running') {
      for (let s = first; s <= latest; s += item.intervalMs) this.missed(item, s, 'still_running', now);
      return;
    }
    // Waiting still, its pending slot is overtaken: it waits on (same place in line) for the latest.
    const pending = e.state === 'queued' ? e.lastDue : null;
    e.lastDue = latest;
    if (pending === null) {
      e.state = 'queued';
      this.ready.push(e);
    } else this.missed(item, pending, 'behind', now);
    for (let s = first; s < latest; s += item.intervalMs) this.missed(item, s, 'behind', now);
  }

  private pump(): void {
    while (this.running && this.inFlight.size < this.o.maxInFlight) {
      const e = this.ready.shift();
      if (!e) return;
      this.launch(e);
    }
  }

  private arm(now = this.o.now()): void {
    const top = this.heap.peek();
    if (!this.running || !top) return;
    if (this.timer !== null) {
      if (this.armedFor <= top.nextDue) return;
      this.timers.clearTimeout(this.timer);
    }
    const wait = Math.min(Math.max(0, top.nextDue - now), MAX_SLEEP_MS);
    this.armedFor = now + wait;
    this.timer = this.timers.setTimeout(this.tick, wait);
  }

  private launch(e: Entry<T>): void {
    const startedAt = this.o.now();
    const run = new CheckRun(e.item, e.lastDue, startedAt, this.host);
    e.state = 'running';
    e.run = run;
    this.inFlight.set(run, e);
    this.counts.started++;
    this.lag.record(startedAt - run.dueAt, startedAt);
    run.start((item, signal) => this.o.run(item, signal));
  }

  private settle(run: CheckRun<T>, outcome: (latencyMs: number) => CheckOutcome): void {
    const e = this.inFlight.get(run);
    this.inFlight.delete(run);
    if (e?.run === run) {
      e.run = null;
      if (e.state === 'running') e.state = 'idle';
    }
    if (!run.dropped) {
      const finishedAt = this.o.now();
      this.counts.completed++;
      const slot = { dueAt: run.dueAt, startedAt: run.startedAt, finishedAt };
      const result = outcome(finishedAt - run.startedAt);
      this.guard(run.item, () => this.o.onResult(run.item, slot, result));
      if (e && e.state !== 'removed' && this.running) this.confirm(e, run.dueAt, result, finishedAt);
    }
    if (this.inFlight.size === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    this.pump();
  }

  private missed(item: T, dueAt: number, why: MissedWhy, now: number): void {
    this.counts.missed++;
    this.lastMissedAt = now;
    const onMissed = this.o.onMissed;
    if (onMissed) this.guard(item, () => onMissed(item, dueAt, why));
  }

  private guard(item: T, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (this.o.onError) this.o.onError(err, item);
      else console.error(`check scheduler: a callback for monitor ${item.key} threw`, err);
    }
  }
}
