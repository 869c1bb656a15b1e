import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { enqueue } from '../../src/core/engine/index.js';
import type { Database } from '../../src/core/db/index.js';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../support/db.js';
import { createEffectsTable, effectCounts } from '../support/engine-effects.js';

// Durability (DESIGN.md): a process killed with SIGKILL at any point and restarted continues
// where it stopped, neither losing nor repeating work. Real child processes, real SIGKILL.

const WORKER = 'test/support/job-worker.ts';
const JOB_LEASE_MS = 1_500;

interface Worker {
  owner: string;
  child: ChildProcess;
  exited: Promise<void>;
}

const live = new Set<Worker>();

async function startWorker(url: string, owner: string): Promise<Worker> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, url, owner, String(JOB_LEASE_MS)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes(`ready ${owner}`) && resolve());
    void exited.then(() => reject(new Error(`worker ${owner} exited before it was ready: ${stderr}`)));
  });
  const worker = { owner, child, exited };
  live.add(worker);
  return worker;
}

async function kill(worker: Worker, signal: NodeJS.Signals): Promise<void> {
  worker.child.kill(signal);
  await worker.exited;
  live.delete(worker);
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const runningFor = (db: Database, owner: string) => async () =>
  db.kysely.selectFrom('jobs').select(['key']).where('status', '=', 'running').where('lease_owner', '=', owner).executeTakeFirst();

const allDone = (db: Database) => async () => {
  const open = await db.kysely.selectFrom('jobs').select('id').where('status', '!=', 'done').execute();
  return open.length === 0 ? true : undefined;
};

async function enqueueJobs(db: Database, prefix: string, count: number, payload: { sleepMs: number; dieOnAttempt?: number }): Promise<string[]> {
  const keys = Array.from({ length: count }, (_v, i) => `${prefix}:${i}`);
  const now = Date.now();
  for (const key of keys) await enqueue(db.kysely, { kind: 'test.effect', key, payload, dueAt: now }, now);
  return keys;
}

afterEach(async () => {
  for (const w of [...live]) await kill(w, 'SIGKILL');
});

for (const dialect of DIALECTS) {
  describe(`engine survives SIGKILL [${dialect}]`, () => {
    let fresh: FreshDatabase;
    afterEach(async () => fresh?.drop());

    it('finishes every job exactly once across kills mid-job and restarts', async () => {
      fresh = await freshDatabase(dialect);
      await createEffectsTable(fresh.db);
      const keys = await enqueueJobs(fresh.db, 'kill', 4, { sleepMs: 800 });
      const killed: string[] = [];
      for (let round = 0; round < 3; round++) {
        const worker = await startWorker(fresh.url, `w${round}`);
        const job = await waitFor('a claimed job', runningFor(fresh.db, worker.owner));
        await sleep(Math.floor(Math.random() * 400)); // anywhere from just after the claim to mid-handler
        await kill(worker, 'SIGKILL');
        killed.push(job.key);
      }
      const last = await startWorker(fresh.url, 'survivor');
      await waitFor('every job done', allDone(fresh.db), 30_000);
      await kill(last, 'SIGTERM');

      const effects = await effectCounts(fresh.db);
      expect(keys.map((k) => effects.get(k))).toEqual(keys.map(() => 1));
      const rows = await fresh.db.kysely.selectFrom('jobs').select(['key', 'status', 'attempts']).execute();
      for (const k of killed) expect(rows.find((r) => r.key === k)!.attempts).toBeGreaterThanOrEqual(2);
      expect(rows.every((r) => r.status === 'done')).toBe(true);
    }, 60_000);

    it('a process dying after the effect but before the commit leaves no trace of that attempt', async () => {
      fresh = await freshDatabase(dialect);
      await createEffectsTable(fresh.db);
      const keys = await enqueueJobs(fresh.db, 'precommit', 3, { sleepMs: 0, dieOnAttempt: 1 });
      let starts = 0;
      while ((await allDone(fresh.db)()) === undefined) {
        expect(++starts).toBeLessThanOrEqual(6);
        const worker = await startWorker(fresh.url, `pc${starts}`);
        // Each first attempt kills its worker; the last worker outlives the expired leases.
        await Promise.race([worker.exited, waitFor('every job done', allDone(fresh.db), 30_000)]);
        await kill(worker, 'SIGKILL');
      }
      expect(starts).toBeGreaterThanOrEqual(2);
      const effects = await effectCounts(fresh.db);
      expect(keys.map((k) => effects.get(k))).toEqual(keys.map(() => 1));
      const rows = await fresh.db.kysely.selectFrom('jobs').select(['attempts']).execute();
      expect(rows.map((r) => r.attempts)).toEqual(keys.map(() => 2));
    }, 60_000);

    it('a surviving worker takes over the jobs of a killed peer', async () => {
      fresh = await freshDatabase(dialect);
      await createEffectsTable(fresh.db);
      const keys = await enqueueJobs(fresh.db, 'peer', 10, { sleepMs: 150 });
      const workers = await Promise.all([startWorker(fresh.url, 'peer_a'), startWorker(fresh.url, 'peer_b')]);
      // Whichever holds a job dies. (On SQLite one process often starves the other of the
      // write lock, so waiting for a particular one would not be a fair test.)
      const running = await waitFor('a claimed job', async () =>
        fresh.db.kysely.selectFrom('jobs').select('lease_owner').where('status', '=', 'running').executeTakeFirst(),
      );
      const victim = workers.find((w) => w.owner === running.lease_owner)!;
      const survivor = workers.find((w) => w !== victim)!;
      await kill(victim, 'SIGKILL');
      await waitFor('every job done', allDone(fresh.db), 30_000);
      await kill(survivor, 'SIGTERM');

      const effects = await effectCounts(fresh.db);
      expect(keys.map((k) => effects.get(k))).toEqual(keys.map(() => 1));
    }, 60_000);
  });
}
