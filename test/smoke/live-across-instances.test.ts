import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { silentLogger } from '../../src/core/log.js';
import { startServer, type RunningServer } from '../../src/app/server.js';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../support/db.js';
import { createToken, createUser } from '../support/factories.js';
import { openStream } from '../support/live-stream.js';
import { waitFor } from '../support/wait-for.js';

/** Every `event: incident` frame a stream has received so far, in order. */
const incidentEvents = (text: string): { kind: string; number: number }[] =>
  [...text.matchAll(/event: incident\ndata: (.*)\n/g)].map((m) => JSON.parse(m[1]!) as { kind: string; number: number });

/** Polls until `ready` holds, then waits `settleMs` more so that a late duplicate would show. */
async function settle(ready: () => boolean, settleMs: number, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
  await new Promise((r) => setTimeout(r, settleMs));
}

// Several `tocsin serve` instances on one database (PostgreSQL: LISTEN/NOTIFY; SQLite: the relay
// table) must each show every change, exactly once, wherever it was made.
for (const dialect of DIALECTS) {
  describe(`live updates across instances [${dialect}]`, () => {
    let fresh: FreshDatabase;
    const servers: RunningServer[] = [];
    let headers: Record<string, string>;

    beforeAll(async () => {
      fresh = await freshDatabase(dialect);
      const owner = await createUser(fresh.db, { role: 'owner' });
      headers = { authorization: `Bearer ${await createToken(fresh.db, owner.id)}` };
      for (let i = 0; i < 2; i++) {
        const config = loadConfig({ TOCSIN_DATABASE_URL: fresh.url, TOCSIN_PORT: '0', TOCSIN_HOST: '127.0.0.1', TOCSIN_LOG_LEVEL: 'silent' });
        servers.push(await startServer(config, { log: silentLogger }));
      }
    });
    afterAll(async () => {
      for (const s of servers) await s.stop();
      await fresh.drop();
    });

    const post = (s: RunningServer, path: string, body: unknown) =>
      fetch(`${s.url}/api/v1${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });

    it('every change, made through either instance, reaches live views on both exactly once', async () => {
      const [a, b] = servers as [RunningServer, RunningServer];
      const onA = openStream(a.url, headers);
      const onB = openStream(b.url, headers);
      expect((await onA.ready).statusCode).toBe(200);
      expect((await onB.ready).statusCode).toBe(200);
      // Each instance's listener is up before anyone speaks: a probe change made through each
      // instance has reached both streams. A probe sent before a listener was up may be lost,
      // so a new one is sent each round until one from each instance has arrived everywhere.
      const probes = new Map<RunningServer, number[]>([[a, []], [b, []]]);
      const arrived = (n: number) => [onA, onB].every((st) => incidentEvents(st.text).some((e) => e.kind === 'declared' && e.number === n));
      await waitFor(
        async () => {
          const waiting = [...probes].filter(([, sent]) => !sent.some(arrived));
          if (waiting.length === 0) return true;
          for (const [s, sent] of waiting) {
            const res = await post(s, '/incidents', { title: 'Probe', severity: 'SEV-4' });
            expect(res.status).toBe(201);
            sent.push(((await res.json()) as { number: number }).number);
          }
          return false;
        },
        { timeoutMs: 10_000, intervalMs: 100, what: 'a probe from each instance on both streams' },
      );
      const declared = await post(a, '/incidents', { title: 'Seen everywhere', severity: 'SEV-3' });
      expect(declared.status).toBe(201);
      const { number } = (await declared.json()) as { number: number };
      expect((await post(b, `/incidents/${number}/acknowledge`, {})).status).toBe(200);
      const expected = [{ kind: 'declared', number }, { kind: 'acknowledged', number }];
      const mine = (text: string) => incidentEvents(text).filter((e) => e.number === number);
      await settle(() => mine(onA.text).length >= 2 && mine(onB.text).length >= 2, 800);
      // Exactly once each; across instances the order of two changes is not promised.
      const seen = (text: string) => mine(text).map(({ kind, number: n }) => ({ kind, number: n })).sort((x, y) => x.kind.localeCompare(y.kind));
      for (const stream of [onA, onB]) expect(seen(stream.text)).toEqual([...expected].sort((x, y) => x.kind.localeCompare(y.kind)));
      onA.close();
      onB.close();
    });
  });
}
