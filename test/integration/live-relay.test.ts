import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { openDatabase, type Database } from '../../src/core/db/index.js';
import { createSqliteRelay } from '../../src/core/live/sqlite-relay.js';
import { silentLogger } from '../../src/core/log.js';
import { createLiveEvents, createSharedLiveEvents } from '../../src/http/live.js';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../support/db.js';
import { waitFor } from '../support/wait-for.js';

// Live views reach people connected to any instance: two instances on one database, each with
// the relay the server gives it (kernel.ts: a relay table on SQLite, LISTEN/NOTIFY on PostgreSQL).

type Instance = { publish(topic: string, data: unknown): void; subscribe(fn: (topic: string, data: unknown) => void): () => void; close(): Promise<void> };

for (const dialect of DIALECTS) {
  describe(`live events between two instances [${dialect}]`, () => {
    let fresh: FreshDatabase;
    const opened: { close(): Promise<void> }[] = [];
    const clock = new FakeClock();
    beforeAll(async () => {
      fresh = await freshDatabase(dialect);
    });
    afterEach(async () => {
      for (const o of opened.splice(0).reverse()) await o.close();
    });
    afterAll(() => fresh.drop());

    /** An instance of its own: on SQLite a connection of its own to the file, as a second process has. */
    const instance = (): Instance => {
      if (dialect === 'postgres') {
        const live = createSharedLiveEvents(fresh.url, silentLogger);
        opened.push(live);
        return live;
      }
      const db: Database = openDatabase(fresh.url);
      const relay = createSqliteRelay({ db, clock, log: silentLogger, local: createLiveEvents(), pollMs: 20, flushMs: 5 });
      opened.push({ close: async () => (await relay.close(), await db.close()) });
      return relay;
    };
    const heard = (live: Instance): [string, unknown][] => {
      const got: [string, unknown][] = [];
      live.subscribe((topic, data) => got.push([topic, data]));
      return got;
    };

    it('delivers what one instance publishes to the other, in order, and to its own subscribers once', async () => {
      const a = instance();
      const b = instance();
      const atA = heard(a);
      const atB = heard(b);
      // PostgreSQL: the listening connection is made in the background.
      if (dialect === 'postgres') await new Promise((r) => setTimeout(r, 300));
      for (let n = 1; n <= 5; n++) a.publish('incidents', { id: `inc_${n}`, n });
      b.publish('alerts', { id: 'alt_1' });
      await waitFor(() => atB.length >= 6 && atA.length >= 6, { what: 'both instances to hear six events' });
      await new Promise((r) => setTimeout(r, 200)); // no echo arrives late
      expect(atB.filter(([t]) => t === 'incidents').map(([, d]) => (d as { n: number }).n)).toEqual([1, 2, 3, 4, 5]);
      expect(atA).toHaveLength(6);
      expect(atB).toHaveLength(6);
      expect(atA).toContainEqual(['alerts', { id: 'alt_1' }]);
    });

    if (dialect === 'sqlite') {
      it('forgets relayed events after a minute', async () => {
        const a = instance();
        a.publish('incidents', { id: 'old' });
        const rows = async () => (await fresh.db.kysely.selectFrom('live_relay').select('data').execute()).map((r) => JSON.parse(r.data) as { id: string });
        await waitFor(async () => (await rows()).some((r) => r.id === 'old'), { what: 'the first event in the relay table' });
        clock.advance(61_000);
        a.publish('incidents', { id: 'new' });
        await waitFor(async () => (await rows()).every((r) => r.id !== 'old'), { what: 'the old event forgotten' });
        expect((await rows()).map((r) => r.id)).toEqual(['new']);
      });
    }
  });
}
