/**
 * What one escalation step costs, without the noise of a shared machine: statements per fired
 * step, and the CPU and wall time of the step handler, in this process on a fresh database.
 * `npx tsx bench/lib/paging-step-cost.ts [sqlite|postgres] [steps=200] [--top] [--prof file]`.
 *
 * N incidents are declared (each fires tier 1 of a two-tier policy at once); the fake clock then
 * moves a minute on and each escalation's tier 2 is advanced by the paging handler itself,
 * 50 steps per transaction as the engine's batches run them (together; `--alone`: one by one) (the engine's claim, lock and done
 * are per batch, not per step, and left out). Statements are counted at the driver (pg's
 * Client.query, better-sqlite3's Statement); `--top` lists them by shape.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import pg from 'pg';
import { FakeClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import { makeCtx, systemActor } from '../../src/core/context.js';
import type { Unit } from '../../src/core/events.js';
import { newId } from '../../src/core/ids.js';
import { silentLogger } from '../../src/core/log.js';
import { createKernel } from '../../src/app/kernel.js';
import { authenticator, MODULES } from '../../src/app/modules.js';
import { buildApp } from '../../src/http/app.js';
import * as contacts from '../../src/notify/contacts/store.js';
import { advance, advanceAll } from '../../src/paging/escalate.js';
import { freshDatabase, type DialectName } from '../../test/support/db.js';
import { createToken, createUser } from '../../test/support/factories.js';
import { aroundSqliteStatements } from './sql-timing.js';

const dialect = (process.argv[2] ?? 'sqlite') as DialectName;
const STEPS = Number(process.argv[3] ?? 200);
const BATCH = 50;
const ALONE = process.argv.includes('--alone');

let counting = false;
const shapes = new Map<string, number>();
const count = (text: string) => {
  if (!counting) return;
  const key = text.replace(/\$\d+/g, '?').replace(/\(\?(, \?)+\)/g, '(…)').replace(/\s+/g, ' ').slice(0, 140);
  shapes.set(key, (shapes.get(key) ?? 0) + 1);
};
const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
  const a = args[0];
  count(typeof a === 'string' ? a : ((a as { text?: string }).text ?? ''));
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;
aroundSqliteStatements((source, run) => {
  count(source);
  return run();
});

const fresh = await freshDatabase(dialect);
const clock = new FakeClock();
clock.set('2026-01-05T10:00:00.000Z');
const config = loadConfig({ TOCSIN_DATABASE_URL: fresh.url, TOCSIN_LOG_LEVEL: 'silent' });
const kernel = createKernel(config, { db: fresh.db, clock, log: silentLogger, modules: MODULES });
const app = await buildApp(kernel, { modules: kernel.modules, authenticator });
await app.ready();
try {
  const owner = await createUser(fresh.db, { role: 'owner', at: clock.now().getTime() });
  const token = await createToken(fresh.db, owner.id, { at: clock.now().getTime() });
  const call = async <T>(method: 'POST' | 'PUT', url: string, body: unknown): Promise<T> => {
    const res = await app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, payload: body as object });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const person = async () => {
    const user = await createUser(fresh.db, { role: 'responder', at: clock.now().getTime() });
    const now = clock.now().getTime();
    const id = newId('cm');
    await contacts.insertMethod(fresh.db.kysely, { id, user_id: user.id, channel: 'chat', address: 'http://127.0.0.1:9/hook', label: '', details: JSON.stringify({ format: 'mattermost' }), verified_at: now, verify_code_hash: null, verify_expires_at: null, verify_attempts: 0, verify_sent: 0, verify_sent_at: null, disabled_at: null, created_at: now, updated_at: now });
    await contacts.insertRules(fresh.db.kysely, (['high', 'low'] as const).map((urgency) => ({ id: newId('nr'), user_id: user.id, contact_method_id: id, urgency, delay_minutes: 0, created_at: now })));
    return user.id;
  };
  const [first, second] = [await person(), await person()];
  const svc = await call<{ id: string }>('POST', '/services', { name: 'Queue' });
  const policy = await call<{ id: string }>('POST', '/escalation-policies', { name: 'Queue', tiers: [{ delay_minutes: 0, targets: [{ kind: 'user', id: first }] }, { delay_minutes: 1, targets: [{ kind: 'user', id: second }] }] });
  await call('PUT', `/services/${svc.id}/escalation-policy`, { policy_id: policy.id });
  for (let i = 0; i < STEPS; i++) await call('POST', '/incidents', { title: `Backlog ${i}`, severity: 'SEV-1', service_ids: [svc.id] });
  const escalations = (await fresh.db.kysely.selectFrom('escalations').select('id').execute()).map((e) => e.id);

  clock.advance(60_000);
  const now = clock.now().getTime();
  const base = makeCtx(kernel, systemActor('engine:jobs:paging'), 'step-cost', silentLogger);
  // --prof FILE: a CPU profile of the steps alone (read it with bench/lib/cpu-top.ts).
  const profFile = process.argv.includes('--prof') ? process.argv[process.argv.indexOf('--prof') + 1]! : null;
  const session = profFile ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  counting = true;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < escalations.length; i += BATCH) {
    await fresh.db.tx(async (tx) => {
      const unit: Unit = { events: [], wake: false, afterCommit: [] };
      const jobs = escalations.slice(i, i + BATCH).map((id) => ({ escalation_id: id }));
      // --alone: one job at a time, as before the engine ran a batch's steps together.
      if (ALONE) for (const job of jobs) await advance({ ...base, tx, unit }, job, now);
      else await advanceAll({ ...base, tx, unit }, jobs, now);
    });
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  counting = false;
  if (session && profFile) writeFileSync(profFile, JSON.stringify((await session.post('Profiler.stop')).profile));
  const fired = await fresh.db.kysely.selectFrom('escalation_steps').select((eb) => eb.fn.countAll<number>().as('n')).where('position', '=', 2).executeTakeFirstOrThrow();
  const statements = [...shapes.values()].reduce((a, b) => a + b, 0);
  const steps = escalations.length;
  if (process.argv.includes('--top')) {
    for (const [shape, n] of [...shapes].sort((a, b) => b[1] - a[1])) console.error(`${(n / steps).toFixed(2).padStart(6)}  ${shape}`);
  }
  console.log(JSON.stringify({
    dialect, steps, fired: Number(fired.n),
    statements_per_step: Math.round((statements / steps) * 10) / 10,
    cpu_us_per_step: Math.round(((cpu.user + cpu.system) / steps)),
    wall_us_per_step: Math.round((wall * 1000) / steps),
  }));
} finally {
  await app.close();
  await kernel.close();
  await fresh.drop();
}
