import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { waitFor } from '../../test/support/wait-for.js';
import type { CheckOutcome } from './model.js';
import { phaseOf } from './model.schedule.js';
import { CheckScheduler, type MissedWhy, type Scheduled, type SchedulerOptions } from './scheduler.js';

// Fake time: Date.now and setTimeout move only when the test advances them, so every slot is exact.
const T0 = Date.UTC(2026, 0, 5, 9); // a whole minute: slots are phase + n × interval from the epoch
const fakeTimers = { setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as never) };

const up = (ms: number): CheckOutcome => ({ status: 'up', latency_ms: ms, failure: null, message: null });
const aborted: CheckOutcome = { status: 'down', latency_ms: 0, failure: 'error', message: 'aborted' };

/** A check that answers after `ms`, or at once when aborted. */
const answerAfter = (ms: number, signal: AbortSignal) =>
  new Promise<CheckOutcome>((resolve) => {
    const t = setTimeout(() => resolve(up(ms)), ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve(aborted)), { once: true });
  });

interface Seen {
  key: string;
  dueAt: number;
  startedAt: number;
  finishedAt: number;
  outcome: CheckOutcome;
}

function harness(o: Partial<SchedulerOptions> = {}) {
  const results: Seen[] = [];
  const missed: { key: string; dueAt: number; why: MissedWhy }[] = [];
  const scheduler = new CheckScheduler({
    now: () => Date.now(),
    run: (_item, signal) => answerAfter(10, signal),
    onResult: (item, slot, outcome) => results.push({ key: item.key, ...slot, outcome }),
    onMissed: (item, dueAt, why) => missed.push({ key: item.key, dueAt, why }),
    maxInFlight: 10,
    timers: fakeTimers,
    ...o,
  });
  const dueOf = (key: string) => results.filter((r) => r.key === key).map((r) => r.dueAt);
  return { scheduler, results, missed, dueOf };
}

const monitor = (key: string, intervalMs = 100, timeoutMs = 1000, spec: unknown = null): Scheduled => ({ key, intervalMs, timeoutMs, spec });

/** Every slot of `key` up to its last reported check was run or reported missed, and none twice. */
function expectEverySlotOnce(h: ReturnType<typeof harness>, key: string, intervalMs: number) {
  const run = h.dueOf(key);
  const all = [...run, ...h.missed.filter((m) => m.key === key).map((m) => m.dueAt)].sort((a, b) => a - b);
  expect(new Set(all).size).toBe(all.length);
  const upToLastRun = all.filter((s) => s <= Math.max(...run));
  expect(upToLastRun.length).toBeGreaterThan(5);
  expect(upToLastRun).toEqual(upToLastRun.map((_, i) => all[0]! + i * intervalMs));
}

beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: T0 }));
afterEach(() => void vi.useRealTimers());

describe('check scheduler: slots', () => {
  it('spreads monitors over the interval by a stable hash of their key', () => {
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 2000; i++) buckets[Math.floor(phaseOf(`monitor-${i}`, 30_000) / 3000)]!++;
    for (const n of buckets) expect(n).toBeGreaterThan(140); // 200 expected in each tenth
    expect(phaseOf('monitor-7', 30_000)).toBe(phaseOf('monitor-7', 30_000));
    expect(phaseOf('monitor-7', 30_000)).not.toBe(phaseOf('monitor-8', 30_000));
  });

  it('runs each monitor on its phase, and a restarted scheduler keeps the same slots', async () => {
    const keys = ['a', 'b', 'c', 'd'];
    const first = harness();
    for (const k of keys) first.scheduler.upsert(monitor(k, 1000));
    first.scheduler.start();
    await vi.advanceTimersByTimeAsync(1000);
    await first.scheduler.stop();
    for (const k of keys) expect(first.dueOf(k)).toEqual([T0 + phaseOf(k, 1000)]);

    await vi.advanceTimersByTimeAsync(12_345); // down a while, then a new process
    const second = harness();
    for (const k of keys) second.scheduler.upsert(monitor(k, 1000));
    second.scheduler.start();
    await vi.advanceTimersByTimeAsync(1000);
    for (const k of keys) {
      const [due] = second.dueOf(k);
      expect((due! - T0 - phaseOf(k, 1000)) % 1000).toBe(0);
      expect(due! - (T0 + 13_345)).toBeLessThan(1000); // resumed within one interval
    }
  });

  it('runs every slot of a 100 ms interval exactly once, on time', async () => {
    const h = harness({ maxInFlight: 50 });
    for (let i = 0; i < 20; i++) h.scheduler.upsert(monitor(`m${i}`));
    h.scheduler.start();
    await vi.advanceTimersByTimeAsync(5000);
    await h.scheduler.stop();
    expect(h.missed).toEqual([]);
    for (let i = 0; i < 20; i++) {
      const due = h.dueOf(`m${i}`);
      expect(due.length).toBeGreaterThanOrEqual(49);
      expect(due[0]).toBe(T0 + phaseOf(`m${i}`, 100));
      expect(due).toEqual(due.map((_, n) => due[0]! + n * 100));
    }
    expect(h.results.every((r) => r.startedAt === r.dueAt && r.outcome.status === 'up')).toBe(true);
    expect(h.scheduler.stats()).toMatchObject({ monitors: 20, missed: 0, behind: false, lag: { p50: 0, p99: 0, max: 0 } });
  });

  it('skips to the latest slot after a stall and reports each skipped one as behind', async () => {
    const h = harness();
    h.scheduler.upsert(monitor('m'));
    h.scheduler.start();
    await vi.advanceTimersByTimeAsync(200);
    vi.setSystemTime(Date.now() + 550); // the process was frozen: the wall clock moved, no timer fired
    await vi.advanceTimersByTimeAsync(300);
    expect(h.missed.length).toBe(5);
    expect(h.missed.every((m) => m.why === 'behind')).toBe(true);
    expectEverySlotOnce(h, 'm', 100);
    const stats = h.scheduler.stats();
    expect(stats).toMatchObject({ missed: 5, behind: true, lastMissedAt: expect.any(Number) });
    expect(stats.lag.max).toBeGreaterThan(0);
  });
});

describe('check scheduler: real time', () => {
  it('runs every slot of 30 monitors at 50 ms once, on the real clock and timers', async () => {
    vi.useRealTimers();
    const h = harness({ timers: undefined, now: Date.now, run: (_item, signal) => answerAfter(1 + Math.floor(Math.random() * 5), signal) });
    for (let i = 0; i < 30; i++) h.scheduler.upsert(monitor(`m${i}`, 50));
    h.scheduler.start();
    await waitFor(() => Array.from({ length: 30 }, (_, i) => h.dueOf(`m${i}`).length).every((n) => n >= 8), { what: '8 checks of each' });
    await h.scheduler.stop();
    // A busy machine may stall the loop: then slots are reported missed, never run twice or lost.
    for (let i = 0; i < 30; i++) expectEverySlotOnce(h, `m${i}`, 50);
    for (const r of h.results) expect(r.startedAt).toBeGreaterThanOrEqual(r.dueAt);
  });
});

describe('check scheduler: concurrency and overruns', () => {
  it('never runs more than maxInFlight checks at once', async () => {
    let running = 0;
    let most = 0;
    const h = harness({
      maxInFlight: 3,
      run: async (_item, signal) => {
        most = Math.max(most, ++running);
        try {
          return await answerAfter(30, signal);
        } finally {
          running--;
        }
      },
    });
    for (let i = 0; i < 50; i++) h.scheduler.upsert(monitor(`m${i}`));
    h.scheduler.start();
    await vi.advanceTimersByTimeAsync(3000);
    expect(h.scheduler.stats().inFlight).toBeLessThanOrEqual(3);
    await h.scheduler.stop();
    expect(most).toBe(3);
    expect(h.results.length).toBeGreaterThan(250); // 3 at a time, 30 ms each, for 3 s
  });

  it('reports a slot whose previous check is still running as missed, and never runs it twice', async () => {
    const h = harness({ run: (_item, signal) => answerAfter(250, signal) });
    h.scheduler.upsert(monitor('slow'));
    h.scheduler.start();
    await vi.advanceTimersByTimeAsync(2000);
    await h.scheduler.stop();
    expect(h.missed.length).toBeGreaterThan(5);
    expect(h.missed.every((m) => m.why === 'still_running')).toBe(true);
    expectEverySlotOnce(h, 'slow', 100);
    const due = h.dueOf('slow');
    expect(due.slice(1).map((d, i) => d - due[i]!)).toEqual(due.slice(1).map(() => 300));
    for (let i = 1; i < h.results.length; i++) expect(h.results[i]!.startedAt).toBeGreaterThanOrEqual(h.results[i - 1]!.finishedAt);
  });

  it('falls behind with one check at a time and long runs: skipped slots are reported, none stretched', async () => {
    const h = harness({ maxInFlight: 1, run: (_item, signal) => answerAfter(150, signal) });
    const keys = ['a', 'b', 'c', 'd', 'e'];
    for (const k of keys) h.scheduler.upsert(monitor(k));
    h.scheduler.start();
    await vi.advanceTimersByTimeAsync(3000);
    await h.scheduler.stop();
    expect(h.missed.some((m) => m.why === 'behind')).toBe(true);
    for (const k of keys) expectEverySlotOnce(h, k, 100);
    expect(h.scheduler.stats()).toMatchObject({ behind: true });
  });
});

describe('check scheduler: timeouts and failures', () => {
  it('aborts a check at its timeout and records a timeout when it never settles', async () => {
    let signal: AbortSignal | undefined;
    const h = harness({
      giveUpAfterMs: 200,
      run: (_item, s) => ((signal = s), new Promise<CheckOutcome>(() => undefined)),
    });
    h.scheduler.upsert(monitor('stuck', 10_000, 500));
    h.scheduler.start();
    const due = T0 + phaseOf('stuck', 10_000);
    await vi.advanceTimersByTimeAsync(due - Date.now() + 499);
    expect(signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(signal?.aborted).toBe(true);
    expect(h.results).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(h.results).toEqual([
      { key: 'stuck', dueAt: due, startedAt: due, finishedAt: due + 700, outcome: { status: 'down', latency_ms: 700, failure: 'timeout', message: 'no answer within 500 ms' } },
    ]);
    expect(h.scheduler.stats()).toMatchObject({ inFlight: 0, completed: 1, abandoned: 1 });
  });

  it('records a check that throws or rejects as an error and carries on', async () => {
    let calls = 0;
    const h = harness({
      run: () => {
        if (++calls === 1) throw new Error('boom');
        return Promise.reject(new Error('bang'));
      },
    });
    h.scheduler.upsert(monitor('m'));
    h.scheduler.start();
    await vi.advanceTimersByTimeAsync(250);
    expect(h.results.map((r) => [r.outcome.failure, r.outcome.message])).toEqual([
      ['error', 'boom'],
      ['error', 'bang'],
    ]);
  });

  it('carries on when a callback throws, and says so through onError', async () => {
    const errors: string[] = [];
    const h = harness({
      onResult: () => {
        throw new Error('store is down');
      },
      onError: (err, item) => errors.push(`${item.key}: ${(err as Error).message}`),
    });
    h.scheduler.upsert(monitor('m'));
    h.scheduler.start();
    await vi.advanceTimersByTimeAsync(500);
    expect(errors.length).toBeGreaterThanOrEqual(4);
    expect(errors[0]).toBe('m: store is down');
    expect(h.scheduler.stats().completed).toBe(errors.length);
  });
});

describe('check scheduler: changes', () => {
  it('moves a monitor to its new interval, and uses a new spec from the next run', async () => {
    const specs: unknown[] = [];
    const h = harness({ run: (item, signal) => (specs.push(item.spec), answerAfter(10, signal)) });
    h.scheduler.upsert(monitor('m', 1000, 500, 'v1'));
    h.scheduler.start();
    await vi.advanceTimersByTimeAsync(3000);
    h.scheduler.upsert(monitor('m', 1000, 500, 'v2'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(specs.slice(-2)).toEqual(['v1', 'v2']);
    const before = h.results.length;
    h.scheduler.upsert(monitor('m', 400, 300, 'v3'));
    await vi.advanceTimersByTimeAsync(2000);
    const after = h.dueOf('m').slice(before);
    expect(after.length).toBe(5);
    expect(after.every((d) => (d - phaseOf('m', 400)) % 400 === 0)).toBe(true);
    expect(after).toEqual(after.map((_, i) => after[0]! + i * 400));
    expect(h.missed).toEqual([]);
  });

  it('checks a monitor at once when asked (one just added), then on its slots as before', async () => {
    const h = harness();
    h.scheduler.upsert(monitor('old', 60_000, 1000));
    h.scheduler.start();
    await vi.advanceTimersByTimeAsync(5_000);
    const phase = phaseOf('new', 60_000);
    const firstSlot = T0 + phase + (phase < 5_000 ? 60_000 : 0);
    h.scheduler.upsert(monitor('new', 60_000, 1000));
    const askedAt = Date.now();
    expect(h.scheduler.checkNow('new')).toBe(true);
    await vi.advanceTimersByTimeAsync(20);
    expect(h.dueOf('new')).toEqual([askedAt]); // not up to a minute later
    expect(h.scheduler.checkNow('new')).toBe(true); // idle again: a second edit checks again
    await vi.advanceTimersByTimeAsync(firstSlot + 60_000 - Date.now() + 20);
    expect(h.dueOf('new')).toEqual([askedAt, askedAt + 20, firstSlot, firstSlot + 60_000]);
    expect(h.missed).toEqual([]);
  });

  it('does not check at once when a check is waiting or running, before start, or when the slot is about to come', async () => {
    const h = harness({ run: (_item, signal) => answerAfter(500, signal) });
    h.scheduler.upsert(monitor('m', 60_000, 2000));
    expect(h.scheduler.checkNow('m')).toBe(false); // not started
    expect(h.scheduler.checkNow('unknown')).toBe(false);
    h.scheduler.start();
    const slot = T0 + phaseOf('m', 60_000);
    // Within the timeout and the give-up time of its slot, the slot's own check would be missed.
    await vi.advanceTimersByTimeAsync(Math.max(0, slot - 2_500 - Date.now()));
    expect(h.scheduler.checkNow('m')).toBe(false);
    await vi.advanceTimersByTimeAsync(slot - Date.now() + 100); // its slot's check is running
    expect(h.scheduler.stats().inFlight).toBe(1);
    expect(h.scheduler.checkNow('m')).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.dueOf('m')).toEqual([slot]);
    expect(h.missed).toEqual([]);
  });

  it('stops checking a removed monitor, even one in flight, and keeps checking the others', async () => {
    const h = harness({ run: (_item, signal) => answerAfter(50, signal) });
    h.scheduler.upsert(monitor('gone'));
    h.scheduler.upsert(monitor('kept'));
    h.scheduler.start();
    await vi.advanceTimersByTimeAsync(500);
    const due = T0 + 500 + ((phaseOf('gone', 100) + 100) % 100);
    await vi.advanceTimersByTimeAsync(due - Date.now() + 10); // 'gone' is in flight
    expect(h.scheduler.stats().inFlight).toBeGreaterThan(0);
    const seen = h.dueOf('gone').length;
    h.scheduler.remove('gone');
    expect(h.scheduler.has('gone')).toBe(false);
    expect(h.scheduler.size).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(h.dueOf('gone').length).toBe(seen);
    expect(h.dueOf('kept').length).toBeGreaterThanOrEqual(9);
  });

  it('stop() aborts the checks in flight and waits for them', async () => {
    const signals: AbortSignal[] = [];
    const h = harness({ run: (_item, signal) => (signals.push(signal), answerAfter(100_000, signal)) });
    for (let i = 0; i < 5; i++) h.scheduler.upsert(monitor(`m${i}`, 10_000, 60_000));
    h.scheduler.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.scheduler.stats().inFlight).toBe(5);
    await h.scheduler.stop();
    expect(signals.map((s) => s.aborted)).toEqual([true, true, true, true, true]);
    expect(h.scheduler.stats()).toMatchObject({ inFlight: 0, completed: 0 });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(signals.length).toBe(5);
    expect(h.results).toEqual([]);
  });

  it('never repeats a slot when started again at the same moment', async () => {
    const started: number[] = [];
    const h = harness({ run: (_item, signal) => (started.push(Date.now()), answerAfter(50, signal)) });
    h.scheduler.upsert(monitor('m', 1000));
    h.scheduler.start();
    const due = T0 + phaseOf('m', 1000);
    await vi.advanceTimersByTimeAsync(due - Date.now());
    expect(started).toEqual([due]);
    await h.scheduler.stop();
    h.scheduler.start();
    await vi.advanceTimersByTimeAsync(999);
    expect(started).toEqual([due]);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual([due, due + 1000]);
  });

  it('stop() gives up on a check that ignores its abort', async () => {
    const h = harness({ giveUpAfterMs: 300, run: () => new Promise<CheckOutcome>(() => undefined) });
    h.scheduler.upsert(monitor('m', 1000, 900));
    h.scheduler.start();
    await vi.advanceTimersByTimeAsync(1000);
    let stopped = false;
    void h.scheduler.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(299);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(stopped).toBe(true);
  });
});

describe('check scheduler: confirming re-checks', () => {
  const down: CheckOutcome = { status: 'down', latency_ms: 3, failure: 'refused', message: 'connection refused' };
  /** A target whose answers the test switches: up or refusing. */
  function target() {
    const t = { failing: false, run: (_item: Scheduled, _signal: AbortSignal) => new Promise<CheckOutcome>((resolve) => setTimeout(() => resolve(t.failing ? down : up(3)), 3)) };
    return t;
  }
  const confirming = (key: string, recheckMs: number, failuresToDown = 2): Scheduled => ({ ...monitor(key, 60_000, 1000), confirm: { failuresToDown, recheckMs } });
  const slotOf = (key: string) => T0 + phaseOf(key, 60_000);

  it('re-checks a failure after recheckMs until K failures confirm it, then goes back to the slots; a recovery the same', async () => {
    const t = target();
    const h = harness({ run: t.run });
    h.scheduler.upsert(confirming('m', 5_000, 3));
    h.scheduler.start();
    const slot = slotOf('m') + 60_000;
    await vi.advanceTimersByTimeAsync(slot - Date.now() - 10); // one good check on the first slot
    t.failing = true;
    await vi.advanceTimersByTimeAsync(60_000);
    // The slot's failure, then two re-checks 5 s after each failed check ended (3 ms each): K = 3 in 10 s, not in two minutes.
    expect(h.dueOf('m').slice(-3)).toEqual([slot, slot + 3 + 5_000, slot + 6 + 10_000]);
    expect(h.results.slice(-3).map((r) => r.outcome.status)).toEqual(['down', 'down', 'down']);
    await vi.advanceTimersByTimeAsync(60_000); // confirmed down: the next slot only, no more re-checks
    expect(h.dueOf('m').slice(-2)).toEqual([slot + 6 + 10_000, slot + 60_000]);
    t.failing = false;
    await vi.advanceTimersByTimeAsync(60_000);
    const back = slot + 120_000;
    expect(h.dueOf('m').slice(-3)).toEqual([back, back + 3 + 5_000, back + 6 + 10_000]);
    expect(h.results.slice(-3).map((r) => r.outcome.status)).toEqual(['up', 'up', 'up']);
    expect(h.missed).toEqual([]);
  });

  it('a success between failures ends the re-checks; one failure (K = 1) needs none; recheckMs 0 or no confirm keeps to the slots', async () => {
    const answers = new Map<string, CheckOutcome[]>([['blip', [down, up(3), down]]]);
    const h = harness({ run: (item) => new Promise<CheckOutcome>((resolve) => setTimeout(() => resolve(answers.get(item.key)?.shift() ?? down), 3)) });
    h.scheduler.upsert(confirming('blip', 5_000, 3));
    h.scheduler.upsert(confirming('k1', 5_000, 1));
    h.scheduler.upsert(confirming('off', 0, 2));
    h.scheduler.upsert(monitor('plain', 60_000, 1000));
    h.scheduler.start();
    await vi.advanceTimersByTimeAsync(120_000);
    // down on its slot, up on the re-check: over; down again on the next slot: re-checked again
    expect(h.dueOf('blip').slice(0, 4)).toEqual([slotOf('blip'), slotOf('blip') + 5_003, slotOf('blip') + 60_000, slotOf('blip') + 65_003]);
    for (const key of ['k1', 'off', 'plain']) expect(h.dueOf(key)).toEqual([slotOf(key), slotOf(key) + 60_000]);
    expect(h.missed).toEqual([]);
  });

  it('skips a re-check its next slot would overtake, and one a check already waiting or running makes needless', async () => {
    const t = target();
    t.failing = true;
    const h = harness({ run: t.run });
    // Re-check 58 s after a failure: the slot (60 s) comes before it could end (1 s timeout, 1 s give-up).
    h.scheduler.upsert(confirming('late', 58_000));
    h.scheduler.upsert(confirming('asked', 20_000));
    h.scheduler.start();
    await vi.advanceTimersByTimeAsync(slotOf('asked') + 100 - Date.now());
    expect(h.scheduler.checkNow('asked')).toBe(true); // a person edits it before its re-check
    await vi.advanceTimersByTimeAsync(120_000);
    expect(h.dueOf('late')).toEqual([slotOf('late'), slotOf('late') + 60_000, slotOf('late') + 120_000]);
    const asked = h.dueOf('asked');
    expect(asked[0]).toBe(slotOf('asked'));
    expect(asked.length).toBe(new Set(asked).size);
    expect(h.missed).toEqual([]);
  });

  it('takes up a confirmation another process left under way: checked as it starts, then re-checked, not at the next slot', async () => {
    const t = target();
    t.failing = true;
    const h = harness({ run: t.run });
    // A day between slots, as a daily monitor's; the process before saw one failure of K = 3.
    const daily = (key: string): Scheduled => ({ ...monitor(key, 86_400_000, 1000), confirm: { failuresToDown: 3, recheckMs: 5_000 } });
    h.scheduler.upsert(daily('left'));
    h.scheduler.upsert(daily('settled'));
    h.scheduler.upsert(daily('unknown-too'));
    const failedOnce = { status: 'up' as const, streak: 1, first_failure_at: T0 - 2_000, last_result_at: T0 - 2_000 };
    h.scheduler.resumeConfirming('left', failedOnce);
    h.scheduler.resumeConfirming('settled', { ...failedOnce, streak: 0, first_failure_at: null }); // nothing under way
    h.scheduler.resumeConfirming('nobody', failedOnce); // not this scheduler's
    h.scheduler.start();
    await vi.advanceTimersByTimeAsync(12_000);
    // At the start, then 5 s after each failure ended: K = 3 with the failure before the restart.
    expect(h.dueOf('left')).toEqual([T0, T0 + 3 + 5_000]);
    expect(h.dueOf('settled')).toEqual([]);
    // Running, it is checked at once, for a monitor handed over from an instance that died.
    h.scheduler.resumeConfirming('unknown-too', { ...failedOnce, status: 'unknown' });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(h.dueOf('unknown-too')).toEqual([T0 + 12_000, T0 + 12_000 + 3 + 5_000]);
    expect(h.dueOf('left')).toEqual([T0, T0 + 3 + 5_000]); // confirmed down by then: no more re-checks
    expect(h.missed).toEqual([]);
  });
});
