import { CompiledQuery, sql, type KyselyPlugin, type RootOperationNode } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import * as store from '../../src/alerts/store.js';
import { describeEachDatabase } from '../support/harness.js';
import { alertsOf, serviceWithKey, type Actor } from './intake-helpers.js';

// The alerts behind a storm's incident, as the incident page and `tocsin incident show` read them:
// newest first a page at a time through the cursor, and the incident's totals whatever the page.

describeEachDatabase('the alert list: pages and an incident’s totals', (h) => {
  let admin: Actor;
  let viewer: Actor;
  beforeAll(async () => {
    admin = await h.actor('admin');
    viewer = await h.actor('viewer');
  });
  const list = async (query: string) => {
    const res = await h.call('GET', `/api/v1/alerts${query}`, { token: viewer.token });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: { id: string; status: string; events: number; opened_at: string }[]; next_cursor: string | null; totals?: { alerts: number; open: number; events: number } };
  };

  it('pages through a storm’s alerts without repeating or skipping one, and counts them all on every page', async () => {
    const { key } = await serviceWithKey(h, admin, 'storm-shop', 'alertmanager');
    const alert = (i: number, status = 'firing') => ({ status, fingerprint: `s${i}`, labels: { alertname: `DiskFull${i}`, severity: 'critical' }, annotations: { summary: `Disk full on db-${i}` } });
    const post = (alerts: unknown[]) => h.call('POST', `/integrations/alertmanager/${key.key}`, { body: { version: '4', alerts } });
    // Seven alerts, four of them opened in the same millisecond (the cursor must break the tie), one
    // repeated twice, one resolved.
    expect((await post([0, 1, 2, 3].map((i) => alert(i)))).statusCode).toBe(202);
    h.clock.advance(1_000);
    expect((await post([4, 5, 6].map((i) => alert(i)))).statusCode).toBe(202);
    expect((await post([alert(4), alert(4), alert(6, 'resolved')])).statusCode).toBe(202);
    const all = await alertsOf(h, viewer.token, key.id);
    expect(all).toHaveLength(7);
    const incidentId = all[0]!.incident_id!;
    expect(all.every((a) => a.incident_id === incidentId)).toBe(true);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(`?incident_id=${incidentId}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.totals).toEqual({ alerts: 7, open: 6, events: 9 });
      seen.push(...page.items.map((a) => a.id));
      cursor = page.next_cursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    // The same alerts in the same order as one read of them all: newest first, none twice.
    expect(seen).toEqual(all.map((a) => a.id));
    expect(new Set(seen).size).toBe(7);

    // Totals count the incident's alerts whatever the other filters keep of the page.
    const resolved = await list(`?incident_id=${incidentId}&status=resolved`);
    expect(resolved.items).toHaveLength(1);
    expect(resolved.totals).toEqual({ alerts: 7, open: 6, events: 9 });
    expect(resolved.next_cursor).toBeNull();
    // Without an incident there are no totals to give; an unknown incident has none of either.
    expect((await list(`?source_ref=${key.id}&limit=200`)).totals).toBeUndefined();
    expect(await list('?incident_id=inc_nope')).toEqual({ items: [], next_cursor: null, totals: { alerts: 0, open: 0, events: 0 } });
  });

  it('refuses a cursor it did not give, naming the field', async () => {
    for (const cursor of ['nonsense', Buffer.from('a:12:alt_1;drop').toString('base64url'), Buffer.from('n:5').toString('base64url'), '']) {
      const res = await h.call('GET', `/api/v1/alerts?cursor=${encodeURIComponent(cursor)}`, { token: viewer.token });
      expect(res.statusCode, cursor).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().detail, cursor).toContain('cursor');
    }
  });

  it('finds a source’s alerts and an alert by its sender’s key through their indexes, not by reading every alert', async () => {
    // The statement store.list runs, as each database would run it, and the plan each chooses.
    // SQLite has no statistics here (Tocsin runs no ANALYZE); PostgreSQL, on a table this small,
    // would read it whole whatever the indexes, so it is asked not to.
    const plan = async (f: store.AlertFilter): Promise<string> => {
      let node: RootOperationNode | undefined;
      const capture: KyselyPlugin = { transformQuery: (a) => (node = a.node), transformResult: async (a) => a.result };
      await store.list(h.db.kysely.withPlugin(capture), f);
      const compiled = h.db.kysely.getExecutor().compileQuery(node!, { queryId: 'plan' });
      return h.db.kysely.transaction().execute(async (tx) => {
        if (h.db.dialect === 'postgres') await sql`set local enable_seqscan = off`.execute(tx);
        const explain = h.db.dialect === 'postgres' ? 'explain ' : 'explain query plan ';
        const rows = (await tx.executeQuery(CompiledQuery.raw(explain + compiled.sql, [...compiled.parameters]))).rows as Record<string, unknown>[];
        return rows.map((r) => String(r.detail ?? r['QUERY PLAN'])).join('\n');
      });
    };
    expect(await plan({ sourceRef: 'mon_1', limit: 21 })).toMatch(/alerts_by_source/);
    expect(await plan({ sourceRef: 'ikey_1', dedupKey: 'ikey_1:orders-q', limit: 1 })).toMatch(/alerts_by_dedup_key/);
    expect(await plan({ sourceRef: 'ikey_1', status: 'open', limit: 20, offset: 20 })).toMatch(/alerts_by_source/);
  });
});
