import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ResultBuffer, ResultsDroppedError, type ResultBufferOptions } from './result-buffer.js';

/** A store that takes `writeMs` per batch, can be told to fail, and records what it wrote. */
function store(writeMs = 0) {
  const written: number[][] = [];
  let writing = 0;
  let mostAtOnce = 0;
  let failNext = 0;
  return {
    written,
    get mostAtOnce() {
      return mostAtOnce;
    },
    fail(times: number) {
      failNext = times;
    },
    flush: async (batch: number[]) => {
      mostAtOnce = Math.max(mostAtOnce, ++writing);
      try {
        if (writeMs > 0) await new Promise((r) => setTimeout(r, writeMs));
        if (failNext > 0) {
          failNext--;
          throw new Error('database unavailable');
        }
        written.push([...batch]);
      } finally {
        writing--;
      }
    },
  };
}

function buffer(s: ReturnType<typeof store>, o: Partial<ResultBufferOptions<number>> = {}) {
  const errors: { err: unknown; batch: number[] }[] = [];
  const b = new ResultBuffer<number>({ flush: s.flush, maxBatch: 3, maxDelayMs: 1000, onError: (err, batch) => errors.push({ err, batch: [...batch] }), ...o });
  return { b, errors };
}

const pushAll = (b: ResultBuffer<number>, from: number, to: number) => {
  for (let i = from; i <= to; i++) b.push(i);
};

beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterEach(() => void vi.useRealTimers());

describe('result buffer', () => {
  it('writes full batches at once, one write at a time, and the rest after the delay', async () => {
    const s = store(100);
    const { b } = buffer(s);
    pushAll(b, 1, 7);
    await vi.advanceTimersByTimeAsync(200);
    expect(s.written).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(s.mostAtOnce).toBe(1);
    await vi.advanceTimersByTimeAsync(899); // 1099 ms: the delay (1000 ms after 7 arrived) is up, the write not done
    expect(s.written.length).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.written[2]).toEqual([7]);
  });

  it('writes a part batch maxDelayMs after its first result arrived', async () => {
    const s = store();
    const { b } = buffer(s);
    b.push(1);
    await vi.advanceTimersByTimeAsync(600);
    b.push(2);
    await vi.advanceTimersByTimeAsync(399);
    expect(s.written).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.written).toEqual([[1, 2]]);
    b.push(3);
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.written).toEqual([[1, 2], [3]]);
  });

  it('gives a result arriving after a full batch left its own full delay', async () => {
    const s = store();
    const { b } = buffer(s);
    pushAll(b, 1, 3);
    await vi.advanceTimersByTimeAsync(500);
    b.push(4);
    await vi.advanceTimersByTimeAsync(999);
    expect(s.written).toEqual([[1, 2, 3]]);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.written).toEqual([[1, 2, 3], [4]]);
  });

  it('keeps a failed batch and retries it with growing pauses, in order', async () => {
    const s = store();
    const { b, errors } = buffer(s, { maxDelayMs: 50, retryMs: { first: 100, max: 1000 } });
    s.fail(2);
    b.push(1);
    await vi.advanceTimersByTimeAsync(50);
    expect(errors.map((e) => [(e.err as Error).message, e.batch])).toEqual([['database unavailable', [1]]]);
    b.push(2);
    await vi.advanceTimersByTimeAsync(100); // first retry: fails again
    expect(errors.length).toBe(2);
    await vi.advanceTimersByTimeAsync(199);
    expect(s.written).toEqual([]);
    await vi.advanceTimersByTimeAsync(1); // second retry, 200 ms later
    expect(s.written).toEqual([[1, 2]]);
    expect(b.size).toBe(0);
  });

  it('holds at most maxPending while writes fail, and reports every result it drops', async () => {
    const s = store();
    const { b, errors } = buffer(s, { maxBatch: 5, maxPending: 10, maxDelayMs: 10, retryMs: { first: 60_000, max: 60_000 } });
    s.fail(1);
    pushAll(b, 1, 5);
    await vi.advanceTimersByTimeAsync(0);
    pushAll(b, 6, 25);
    expect(b.size).toBeLessThanOrEqual(10);
    const dropped = errors.filter((e) => e.err instanceof ResultsDroppedError);
    const droppedCount = dropped.reduce((n, e) => n + (e.err as ResultsDroppedError).count, 0);
    expect(droppedCount + b.size).toBe(25);
    expect(dropped.flatMap((e) => e.batch)).toEqual(Array.from({ length: droppedCount }, (_, i) => i + 1)); // the oldest went
    await b.close();
    expect(s.written.flat()).toEqual(Array.from({ length: b.size + 25 - droppedCount }, (_, i) => droppedCount + i + 1));
  });

  it('close() writes what remains and refuses results after it', async () => {
    const s = store(20);
    const { b, errors } = buffer(s, { maxBatch: 100, maxDelayMs: 60_000 });
    pushAll(b, 1, 5);
    const closed = b.close();
    await vi.advanceTimersByTimeAsync(20);
    await closed;
    expect(s.written).toEqual([[1, 2, 3, 4, 5]]);
    b.push(6);
    expect(errors.map((e) => [(e.err as ResultsDroppedError).count, e.batch])).toEqual([[1, [6]]]);
  });

  it('close() gives up after a few failed flushes and reports what it dropped', async () => {
    const s = store();
    const { b, errors } = buffer(s, { closeAttempts: 2, retryMs: { first: 100, max: 100 } });
    s.fail(10);
    pushAll(b, 1, 2);
    let done = false;
    void b.close().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(done).toBe(true);
    const last = errors[errors.length - 1]!;
    expect(last.err).toBeInstanceOf(ResultsDroppedError);
    expect(last.batch).toEqual([1, 2]);
    expect(errors.length).toBe(3); // two failed flushes, then the drop
  });
});
