import type { Transaction } from 'kysely';
import type { Database } from '../db/index.js';
import type { Tables } from '../db/schema.js';

type Write = (tx: Transaction<Tables>) => Promise<void>;

interface Item {
  write: Write;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for outcomes: writes handed in while a transaction is committing wait and go
 * together in the next one, so a burst of finished sends costs one commit (one fsync) instead
 * of one each. A write's promise settles when its transaction has committed. Should a batch
 * fail, each of its writes is retried alone, so one bad write cannot sink the others.
 */
export function createRecorder(db: Database): { record(write: Write): Promise<void> } {
  let queue: Item[] = [];
  let running = false;

  const flush = async (): Promise<void> => {
    running = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        await db.tx(async (tx) => {
          for (const item of batch) await item.write(tx);
        });
        for (const item of batch) item.resolve();
      } catch (err) {
        if (batch.length === 1) batch[0]!.reject(err);
        else for (const item of batch) await db.tx(item.write).then(item.resolve, item.reject);
      }
    }
    running = false;
  };

  return {
    record: (write) =>
      new Promise<void>((resolve, reject) => {
        queue.push({ write, resolve, reject });
        if (!running) void flush();
      }),
  };
}
