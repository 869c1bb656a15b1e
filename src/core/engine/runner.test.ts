import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import type { Ctx, TxCtx } from '../context.js';
import { silentLogger } from '../log.js';
import { canAcquireLease } from './model.js';
import { waitFor } from '../../../test/support/wait-for.js';
import { createCycleRunner, type CycleRunner, type EngineModule, type LeaseStore } from './runner.js';

/** The lease rules of store.ts, in memory, shared by runners like the leases table would be. */
function memoryLeases(): LeaseStore & { rows: Map<string, { owner: string; expires_at: number }> } {
  const rows = new Map<string, { owner: string; expires_at: number }>();
  return {
    rows,
    acquire: async (name, owner, now, ttlMs) => {
      if (!canAcquireLease(rows.get(name), owner, now)) return false;
      rows.set(name, { owner, expires_at: now + ttlMs });
      return true;
    },
    release: async (name, owner) => {
      if (rows.get(name)?.owner === owner) rows.delete(name);
    },
    underLease: async (name, owner, now, ttlMs, ctx, fn) => {
      const row = rows.get(name);
      if (row?.owner !== owner || row.expires_at < now) return false;
      rows.set(name, { owner, expires_at: now + ttlMs });
      await fn(ctx as TxCtx);
      return true;
    },
  };
}

function runner(opts: { owner?: string; clock?: FakeClock; leases?: LeaseStore; intervalMs?: number; tickTimeoutMs?: number } = {}): CycleRunner {
  return createCycleRunner({
    owner: opts.owner ?? 'a',
    clock: opts.clock ?? new FakeClock(),
    log: silentLogger,
    intervalMs: opts.intervalMs ?? 60_000,
    leaseTtlMs: 30_000,
    tickTimeoutMs: opts.tickTimeoutMs,
    leases: opts.leases ?? memoryLeases(),
    ctxFor: () => ({}) as Ctx,
  });
}

const recorder = (name: string, calls: number[], extra: { exclusive?: false } = {}): EngineModule => {
  const tick = async (_ctx: unknown, now: number) => void calls.push(now);
  return extra.exclusive === false ? { name, exclusive: false, tick } : { name, tick };
};

describe('cycle runner', () => {
  it('runs modules in order with one clock reading per cycle', async () => {
    const clock = new FakeClock();
    const r = runner({ clock });
    const order: string[] = [];
    const nows: number[] = [];
    for (const name of ['first', 'second']) {
      r.register({ name, tick: async (_c, now) => void (order.push(name), nows.push(now), clock.advance(5)) });
    }
    const report = await r.runOnce();
    expect(order).toEqual(['first', 'second']);
    expect(new Set(nows).size).toBe(1);
    expect(report).toMatchObject({ ran: ['first', 'second'], skipped: [], failed: [] });
  });

  it('logs a throwing module and still runs the others', async () => {
    const r = runner();
    const calls: number[] = [];
    r.register({ name: 'broken', tick: async () => Promise.reject(new Error('boom')) });
    r.register(recorder('fine', calls));
    expect(await r.runOnce()).toMatchObject({ ran: ['fine'], failed: ['broken'] });
    expect(await r.runOnce()).toMatchObject({ ran: ['fine'], failed: ['broken'] });
    expect(calls).toHaveLength(2);
  });

  it('skips an exclusive module whose lease another instance holds, until it expires', async () => {
    const clock = new FakeClock();
    const leases = memoryLeases();
    const a = runner({ owner: 'a', clock, leases });
    const b = runner({ owner: 'b', clock, leases });
    const calls: number[] = [];
    a.register(recorder('m', calls));
    b.register(recorder('m', calls));
    b.register(recorder('shared', [], { exclusive: false }));
    expect((await a.runOnce()).ran).toEqual(['m']);
    expect(await b.runOnce()).toMatchObject({ ran: ['shared'], skipped: ['m'] });
    clock.advance(30_001);
    expect((await b.runOnce()).ran).toEqual(['m', 'shared']);
    expect((await a.runOnce()).skipped).toEqual(['m']);
  });

  it('coalesces many triggers into one extra cycle', async () => {
    const r = runner({ intervalMs: 60_000 });
    const calls: number[] = [];
    let done = 0;
    r.register({ name: 'slow', exclusive: false, tick: async (_c, now) => void (calls.push(now), await sleep(30), done++) });
    r.start();
    await waitFor(() => calls.length === 1, { what: 'the first cycle (started by start) to be running' });
    expect(done).toBe(0); // the triggers below arrive while it runs
    for (let i = 0; i < 50; i++) r.trigger();
    await waitFor(() => done === 2, { what: 'the extra cycle to finish' });
    // Deliberate: time passes so that a third, uncoalesced cycle would show (none is due: interval 60 s).
    await sleep(50);
    expect(calls).toHaveLength(2);
    for (let i = 0; i < 50; i++) r.trigger(); // now idle, waiting for the interval
    await waitFor(() => done === 3, { what: 'the triggered cycle to finish' });
    await sleep(50); // deliberate, as above: a late duplicate cycle would show
    expect(calls).toHaveLength(3);
    await r.stop();
  });

  it('runs exclusive modules only in full cycles: a triggered cycle runs the others, unless an interval has passed', async () => {
    const r = runner({ intervalMs: 150 });
    const exclusive: number[] = [];
    const shared: number[] = [];
    r.register(recorder('leased', exclusive));
    r.register(recorder('outbox', shared, { exclusive: false }));
    r.start();
    await waitFor(() => shared.length === 1, { what: 'the first cycle' });
    expect(exclusive).toHaveLength(1); // the first cycle is a full one
    r.trigger();
    await waitFor(() => shared.length === 2, { what: 'the triggered cycle' });
    expect(exclusive).toHaveLength(1);
    // Triggers every few ms would otherwise keep the exclusive modules from ever running.
    while (exclusive.length < 2) {
      r.trigger();
      await sleep(5);
    }
    expect(shared.length).toBeGreaterThan(3);
    expect(await r.runOnce()).toMatchObject({ ran: ['leased', 'outbox'] }); // runOnce is always full
    await r.stop();
  });

  it('runs on its interval until stopped, and stop waits for the cycle in progress', async () => {
    const leases = memoryLeases();
    const r = runner({ intervalMs: 20, leases });
    let started = 0;
    let finished = 0;
    r.register({ name: 'work', tick: async () => void (started++, await sleep(25), finished++) });
    r.start();
    await waitFor(() => finished >= 2, { what: 'two cycles on the interval' });
    await waitFor(() => started > finished, { what: 'a cycle to be in progress' });
    await r.stop();
    expect(finished).toBe(started); // stop waited for the cycle in progress
    const atStop = finished;
    // Deliberate: time passes (several intervals) so that a cycle after stop would show.
    await sleep(80);
    expect(finished).toBe(atStop);
    expect(leases.rows.size).toBe(0); // released on stop
    r.trigger(); // no effect once stopped
    await sleep(20); // deliberate, as above: a triggered cycle would have started by now
    expect(started).toBe(atStop);
  });

  it('fails a tick that outlives its timeout and goes on with the next module', async () => {
    const r = runner({ tickTimeoutMs: 20 });
    const calls: number[] = [];
    r.register({ name: 'stuck', tick: () => new Promise<void>(() => undefined) });
    r.register({ name: 'stuck-shared', exclusive: false, tick: () => new Promise<void>(() => undefined) });
    r.register(recorder('fine', calls));
    expect(await r.runOnce()).toMatchObject({ ran: ['fine'], failed: ['stuck', 'stuck-shared'] });
    expect(calls).toHaveLength(1);
  });

  it('refuses two modules with one name', () => {
    const r = runner();
    r.register(recorder('x', []));
    expect(() => r.register(recorder('x', []))).toThrow(/already registered/);
  });
});
