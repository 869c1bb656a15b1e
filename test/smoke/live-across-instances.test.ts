import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { silentLogger } from '../../src/core/log.js';
import { startServer, type RunningServer } from '../../src/app/server.js';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../support/db.js';
import { createToken, createUser } from '../support/factories.js';

/** Reads server-sent events until one matches, or fails after `ms`. */
async function nextEvent(res: Response, match: (data: { kind: string; number: number }) => boolean, ms = 5000) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const deadline = Date.now() + ms;
  try {
    while (Date.now() < deadline) {
      const { value, done } = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no matching event in time')), deadline - Date.now())),
      ]);
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (const block of buffer.split('\n\n')) {
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (/^event: incident$/m.test(block) && data && match(JSON.parse(data))) return JSON.parse(data);
      }
    }
    throw new Error('stream ended without a matching event');
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

// Several `tocsin serve` instances share one PostgreSQL (SQLite is one process by design, so
// this runs on PostgreSQL only): a change made through one must reach live views on another.
for (const dialect of DIALECTS.filter((d) => d === 'postgres')) {
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

    it('a declare through instance A reaches a live view on instance B, once', async () => {
      const [a, b] = servers as [RunningServer, RunningServer];
      const stream = await fetch(`${b.url}/api/v1/live`, { headers });
      expect(stream.status).toBe(200);
      await new Promise((r) => setTimeout(r, 200)); // B's LISTEN is up before A speaks
      const declared = await fetch(`${a.url}/api/v1/incidents`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Seen everywhere', severity: 'SEV-3' }),
      });
      expect(declared.status).toBe(201);
      const number = (await declared.json()).number;
      const event = await nextEvent(stream, (d) => d.number === number);
      expect(event).toMatchObject({ kind: 'declared', number });
    });

    it('a change through instance B reaches a live view on B itself exactly once (no echo)', async () => {
      const b = servers[1]!;
      const stream = await fetch(`${b.url}/api/v1/live`, { headers });
      const res = await fetch(`${b.url}/api/v1/incidents/1/acknowledge`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(200);
      const seen: string[] = [];
      await nextEvent(stream, (d) => {
        seen.push(d.kind);
        return false;
      }, 1000).catch(() => undefined);
      expect(seen).toEqual(['acknowledged']);
    });
  });
}
