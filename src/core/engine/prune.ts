import { pruneCutoff } from './model.js';
import type { EngineModule } from './runner.js';
import * as store from './store.js';

export const DEFAULT_JOB_RETENTION_MS = 7 * 24 * 3_600_000;

/**
 * Deletes finished jobs (done or failed) once they are older than the retention, at most
 * `batchSize` per cycle, so the transaction (and on SQLite the write lock) stays short however
 * large the backlog. Exclusive: one instance prunes. Pending and running jobs are never touched,
 * and an idempotency key is only forgotten once its job has been finished that long.
 */
export function createPruneModule(opts: { retentionMs: number; batchSize: number }): EngineModule {
  return {
    name: 'jobs.prune',
    tick: async (ctx, now) => {
      const pruned = await store.pruneFinished(ctx.tx, pruneCutoff(now, opts.retentionMs), opts.batchSize);
      if (pruned > 0) ctx.log.info({ pruned }, 'pruned finished jobs');
    },
  };
}
