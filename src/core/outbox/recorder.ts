import type { Transaction } from 'kysely';
import type { Database } from '../db/index.js';
import type { Tables } from '../db/schema.js';

type Write<T = unknown> = (tx: Transaction<Tables>) => Promise<T>;

interface Item {
  write: Write;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export interface Recorder {
  /** Runs `write` in the next shared transaction; resolves with its result once that committed. */
  record<T>(write: Write<T>): Promise<T>;
}

/**
 * Group commit for the dispatcher's writes (claims and outcomes): writes handed in while a
 * transaction is committing wait and go together in the next one, so a burst of finished sends
 * and the claim of the next ones cost one commit (one fsync) instead of one each. A write's
 * promise settles when its transaction has committed. Should a batch fail, each of its writes
 * is retried alone, so one bad write cannot sink the others.
 */
export function createRecorder(db: Database): Recorder {
  let queue: Item[] = [];
  let running = false;

  const flush = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        const results: unknown[] = [];
        await db.tx(async (tx) => {
          for (const item of batch) results.push(await item.write(tx));
        });
        batch.forEach((item, i) => item.resolve(results[i]));
      } catch (err) {
        if (batch.length === 1) batch[0]!.reject(err);
        else for (const item of batch) await db.tx(item.write).then(item.resolve, item.reject);
      }
    }
    running = false;
  };

  return {
    record: <T>(write: Write<T>) =>
      new Promise<T>((resolve, reject) => {
        queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
        if (running) return;
        running = true;
        // Not at once: the next check phase, after the event loop's poll phase has handed in
        // every answer that arrived meanwhile (with SQLite's synchronous driver, during the last
        // commit's fsync nothing else runs, so those answers are all waiting there).
        setImmediate(() => void flush());
      }),
  };
}
