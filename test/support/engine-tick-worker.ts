/**
 * An engine in its own process with one exclusive module whose tick overruns its lease:
 * `node --import tsx test/support/engine-tick-worker.ts <dbUrl> <owner> <leaseMs> <tickSleepMs>`.
 * The tick reads whether the effect exists (through its transaction); if not, it sleeps past the
 * lease and writes it. It prints `tick <owner> <effects seen>` as each tick starts. SIGTERM stops it.
 */
import { sql } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock } from '../../src/core/clock.js';
import { openDatabase } from '../../src/core/db/index.js';
import { createEngine } from '../../src/core/engine/index.js';
import { writeEffect } from './engine-effects.js';

const [url, owner, leaseArg, sleepArg] = process.argv.slice(2);
if (!url || !owner || !leaseArg || !sleepArg) {
  console.error('usage: engine-tick-worker.ts <dbUrl> <owner> <leaseMs> <tickSleepMs>');
  process.exit(2);
}

const db = openDatabase(url, { sqliteBusyTimeoutMs: 30_000 });
const engine = createEngine({ db, clock: systemClock, owner, intervalMs: 50, moduleLeaseMs: Number(leaseArg), tickTimeoutMs: 60_000 });
engine.register({
  name: 'overrun',
  tick: async (ctx) => {
    const { rows } = await sql<{ n: number }>`select count(*) as n from engine_effects where job_key = 'overrun'`.execute(ctx.tx);
    const seen = Number(rows[0]?.n ?? 0);
    process.stdout.write(`tick ${owner} ${seen}\n`);
    if (seen > 0) return;
    await sleep(Number(sleepArg)); // far past the lease
    await writeEffect(ctx.tx, 'overrun', owner);
  },
});
engine.start();
process.stdout.write(`ready ${owner}\n`);

process.once('SIGTERM', () => {
  void (async () => {
    await engine.stop();
    await db.close();
    process.exit(0);
  })();
});
