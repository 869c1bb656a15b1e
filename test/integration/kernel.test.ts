import { beforeAll, expect, it } from 'vitest';
import { emit, inTransaction } from '../../src/core/events.js';
import { enqueue, findJobByKey } from '../../src/core/engine/index.js';
import type { DomainModule } from '../../src/core/module.js';
import { declare, listIncidents } from '../../src/incidents/service.js';
import { describeEachDatabase, type Harness } from '../support/harness.js';
import { listenLocal, openStream } from '../support/live-stream.js';

// The kernel's promises to the domains: use cases compose into one transaction through the
// context, domain events run other domains' handlers inside it, and committed events reach the
// live stream from every path (a request, the service layer alone, an engine job).

/** Set by a test to make the last step of the chain fail. */
let failPaging = false;

/** Stands in for paging: on every declared incident it plans a page (a job) in the same transaction. */
const pagingStandIn: DomainModule = {
  name: 'paging-stand-in',
  on: {
    'incident.declared': async (ctx, e) => {
      const incident = e.data.incident as { id: string };
      await enqueue(ctx.tx, { kind: 'test.page', key: `page:${incident.id}`, payload: {}, dueAt: e.at + 60_000 }, e.at);
      if (failPaging) throw new Error('paging failed');
    },
  },
  jobs: [
    { kind: 'test.page', handler: async () => undefined },
    // An engine job that works an incident through the service layer, like an alert would.
    { kind: 'test.declare', handler: async (_tx, job, ctx) => void (await declare(ctx, { title: String((job.payload as { title: string }).title), severity: 'SEV-2' })) },
  ],
};

/** "An alert arrives → an incident is opened → its pages are planned", as one use case. */
async function alertArrives(h: Harness, title: string) {
  return inTransaction(h.ctx(), async (t) => {
    await t.tx.insertInto('settings').values({ key: `alert:${title}`, value: 'firing' }).execute();
    await emit(t, 'alert.received', { title }, t.clock.now().getTime());
    return declare(t, { title, severity: 'SEV-1', detection_source: 'integration' });
  });
}

describeEachDatabase(
  'kernel: transactions compose and domain events reach every live view',
  (h) => {
    let base: string;
    let viewer: string;
    beforeAll(async () => {
      base = await listenLocal(h.app);
      viewer = (await h.actor('viewer')).token;
    });

    it('commits the alert, the incident and its planned page together', async () => {
      failPaging = false;
      const incident = await alertArrives(h, 'checkout 502');
      expect(await h.db.kysely.selectFrom('settings').select('value').where('key', '=', 'alert:checkout 502').executeTakeFirst()).toEqual({ value: 'firing' });
      expect((await findJobByKey(h.db.kysely, `page:${incident.id}`))?.kind).toBe('test.page');
      const timeline = await h.db.kysely.selectFrom('timeline_events').select('kind').where('incident_id', '=', incident.id).execute();
      expect(timeline.map((e) => e.kind)).toEqual(['declared']);
    });

    it('leaves no trace of the alert or the incident when planning the page fails', async () => {
      const before = await listIncidents(h.ctx(), { limit: 200 });
      failPaging = true;
      await expect(alertArrives(h, 'payments down')).rejects.toThrow('paging failed');
      failPaging = false;
      expect(await h.db.kysely.selectFrom('settings').selectAll().where('key', '=', 'alert:payments down').execute()).toEqual([]);
      const after = await listIncidents(h.ctx(), { limit: 200 });
      expect(after.items.map((i) => i.id)).toEqual(before.items.map((i) => i.id));
      const jobs = await h.db.kysely.selectFrom('jobs').select('key').where('kind', '=', 'test.page').execute();
      expect(jobs).toHaveLength(before.items.length);
      // The number the failed declare drew was rolled back with it: the next incident takes it.
      const next = await declare(h.ctx(), { title: 'next one', severity: 'SEV-4' });
      expect(next.number).toBe(Math.max(0, ...before.items.map((i) => i.number)) + 1);
    });

    it('a change made through the service layer alone reaches /api/v1/live', async () => {
      const stream = openStream(base, { authorization: `Bearer ${viewer}` });
      expect((await stream.ready).statusCode).toBe(200);
      const incident = await declare(h.ctx(), { title: 'found in the logs', severity: 'SEV-3' });
      const m = await stream.waitFor(new RegExp(`event: incident\\ndata: (\\{[^\\n]*"id":"${incident.id}"[^\\n]*\\})`));
      expect(JSON.parse(m[1]!)).toEqual({ id: incident.id, number: incident.number, kind: 'declared' });
      stream.close();
    });

    it('a change made by an engine job reaches /api/v1/live after the job commits', async () => {
      const stream = openStream(base, { authorization: `Bearer ${viewer}` });
      expect((await stream.ready).statusCode).toBe(200);
      const now = h.clock.now().getTime();
      await enqueue(h.db.kysely, { kind: 'test.declare', key: 'declare:from-engine', payload: { title: 'opened by a job' }, dueAt: now }, now);
      const report = await h.kernel.engine.runOnce();
      expect(report.failed).toEqual([]);
      expect((await findJobByKey(h.db.kysely, 'declare:from-engine'))?.status).toBe('done');
      const [row] = (await listIncidents(h.ctx(), { q: 'opened by a job' })).items;
      expect(row?.title).toBe('opened by a job');
      const m = await stream.waitFor(new RegExp(`event: incident\\ndata: (\\{[^\\n]*"id":"${row!.id}"[^\\n]*\\})`));
      expect(JSON.parse(m[1]!)).toMatchObject({ number: row!.number, kind: 'declared' });
      stream.close();
    });
  },
  { modules: [pagingStandIn] },
);
