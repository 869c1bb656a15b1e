import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemActor, type Ctx } from '../../src/core/context.js';
import { silentLogger } from '../../src/core/log.js';
import { declare } from '../../src/incidents/service.js';
import { describeEachDatabase, type Harness } from '../support/harness.js';
import { secondInstance, type Instance } from '../support/second-instance.js';
import { createService, declareVia } from './incidents-helpers.js';

type Actor = Awaited<ReturnType<Harness['actor']>>;
type Item = { id: string; number: number; title: string; status: string; severity: string; drill: boolean; services: { id: string }[]; roles: { commander: { id: string } | null } };

describeEachDatabase('incidents: list, filters, pagination, numbering', (h) => {
  let ada: Actor;
  let svcA: { id: string };
  let svcB: { id: string };
  const ids: Record<string, string> = {};
  const times: Record<string, string> = {};
  beforeAll(async () => {
    ada = await h.actor('responder');
    svcA = await createService(h.db);
    svcB = await createService(h.db);
    const make = async (key: string, body: Record<string, unknown>, then?: string) => {
      h.clock.advance(60_000);
      times[key] = h.clock.now().toISOString();
      const inc = await declareVia(h, ada.token, body);
      ids[key] = inc.id;
      if (then) await h.call('POST', `/api/v1/incidents/${inc.id}/${then}`, { token: ada.token });
    };
    await make('db', { title: 'Database failover stuck', severity: 'SEV-1', service_ids: [svcA.id], commander_id: ada.id });
    await make('cdn', { title: 'CDN 100% cache misses', severity: 'SEV-3', service_ids: [svcB.id] }, 'acknowledge');
    await make('drill', { title: 'Game day: database loss', severity: 'SEV-2', drill: true, service_ids: [svcA.id, svcB.id] }, 'resolve');
    await make('login', { title: 'Login slow_ness', severity: 'SEV-2' }, 'mitigate');
  });
  const list = async (qs: string, token = ada.token) => {
    const res = await h.call('GET', `/api/v1/incidents?${qs}`, { token });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Item[]; next_cursor: string | null };
  };
  const keys = (items: Item[]) => items.map((i) => Object.keys(ids).find((k) => ids[k] === i.id));

  it('lists newest first with services and roles', async () => {
    const page = await list('');
    expect(keys(page.items)).toEqual(['login', 'drill', 'cdn', 'db']);
    expect(page.next_cursor).toBeNull();
    expect(page.items[3]!.roles.commander!.id).toBe(ada.id);
    expect(page.items[1]!.services.map((s) => s.id).sort()).toEqual([svcA.id, svcB.id].sort());
  });

  it('filters by status, severity, service, time, text and drill', async () => {
    expect(keys((await list('status=triggered,resolved')).items)).toEqual(['drill', 'db']);
    expect(keys((await list('severity=SEV-2')).items)).toEqual(['login', 'drill']);
    expect(keys((await list('severity=SEV-1,SEV-3&status=acknowledged')).items)).toEqual(['cdn']);
    expect(keys((await list(`service_id=${svcA.id}`)).items)).toEqual(['drill', 'db']);
    expect(keys((await list(`since=${times.cdn}&until=${times.drill}`)).items)).toEqual(['drill', 'cdn']);
    expect(keys((await list('q=DATABASE')).items)).toEqual(['drill', 'db']);
    expect(keys((await list('q=100%25')).items)).toEqual(['cdn']);
    expect(keys((await list('q=s_o')).items)).toEqual([]); // _ is literal, not a wildcard
    expect(keys((await list('q=slow_')).items)).toEqual(['login']);
    expect(keys((await list('drill=true')).items)).toEqual(['drill']);
    expect(keys((await list('drill=false&severity=SEV-2')).items)).toEqual(['login']);
  });

  it('refuses bad filters naming the parameter', async () => {
    for (const [qs, field] of [['status=open', 'status'], ['severity=SEV-9', 'severity'], ['since=yesterday', 'since'], ['limit=0', 'limit'], ['limit=201', 'limit'], ['cursor=abc', 'cursor'], ['drill=maybe', 'drill']]) {
      const res = await h.call('GET', `/api/v1/incidents?${qs}`, { token: ada.token });
      expect(res.statusCode, qs).toBe(400);
      expect(res.json().field, qs).toBe(field);
    }
  });
});

// A database of its own, so the burst starts from number 1. The declares race through two real
// `tocsin serve` processes on the same database (their own connections, their own event loops):
// on SQLite that is two writers contending for the file, on PostgreSQL two pools.
describeEachDatabase('incidents: concurrent numbering across instances', (h) => {
  let servers: Instance[] = [];
  beforeAll(async () => {
    servers = await Promise.all([secondInstance(h), secondInstance(h)]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  const list = async (who: Actor, qs: string) => {
    const res = await h.call('GET', `/api/v1/incidents?${qs}`, { token: who.token });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Item[]; next_cursor: string | null };
  };

  it('numbers 50 concurrent declares through two server processes exactly 1..50, and pages through them with no gaps or duplicates', async () => {
    const ada = await h.actor('responder');
    const results = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const res = await servers[i % 2]!.call('POST', '/api/v1/incidents', { token: ada.token, body: { title: `burst ${i}`, severity: 'SEV-4' } });
        expect(res.statusCode, res.body).toBe(201);
        return res.json() as { number: number };
      }),
    );
    const numbers = results.map((r) => r.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const seen: number[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const page = await list(ada, `limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.items.map((i) => i.number));
      cursor = page.next_cursor;
      pages += 1;
    }
    expect(pages).toBe(8); // 7 full pages and 1 of 1
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => 50 - i));
    const filtered = await list(ada, 'q=burst&limit=49');
    expect(filtered.items).toHaveLength(49);
    expect((await list(ada, `q=burst&cursor=${filtered.next_cursor}`)).items.map((i) => i.number)).toEqual([1]);
  });
});

// Not a concurrency test on SQLite (one handle, one process, so the transactions queue on it):
// it proves that the use case called directly and the HTTP route, interleaved in one process on
// one database handle, share one numbering with no gaps or duplicates.
describeEachDatabase('incidents: interleaved numbering in one process', (h) => {
  it('numbers 50 interleaved declares (use case and HTTP) on one handle exactly 1..50', async () => {
    const ada = await h.actor('responder');
    const ctx: Ctx = { actor: systemActor('test'), requestId: 'r', log: silentLogger, clock: h.clock, db: h.db, bus: h.kernel.bus };
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0
          ? declare(ctx, { title: `burst ${i}`, severity: 'SEV-4' })
          : declareVia(h, ada.token, { title: `burst ${i}`, severity: 'SEV-4' }),
      ),
    );
    const numbers = results.map((r) => r.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});
