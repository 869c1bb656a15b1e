import { sql } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';

// Paging locks an incident before its escalations, in every path, as a change to the incident
// does (an acknowledgement locks the incident, then moves its escalations). Here a transaction
// does just that while a due escalation step fires: it must never wait for the step (which would
// deadlock on PostgreSQL: the step holding the escalation, waiting for the incident). SQLite has
// one writer, so there the step simply waits for the transaction to commit.

describeEachDatabase('paging lock order', (h) => {
  let admin: Awaited<ReturnType<typeof h.actor>>;
  let responder: Awaited<ReturnType<typeof h.actor>>;
  let service: string;

  beforeAll(async () => {
    h.clock.set('2026-01-05T10:00:00.000Z');
    admin = await h.actor('admin');
    responder = await h.actor('responder');
    service = (await h.call('POST', '/api/v1/services', { token: admin.token, body: { name: 'Locks' } })).json().id;
    const policy = await h.call('POST', '/api/v1/escalation-policies', {
      token: admin.token,
      body: { name: 'Locks', tiers: [{ delay_minutes: 0, targets: [{ kind: 'user', id: admin.id }] }, { delay_minutes: 5, targets: [{ kind: 'user', id: responder.id }] }] },
    });
    expect(policy.statusCode, policy.body).toBe(201);
    await h.call('PUT', `/api/v1/services/${service}/escalation-policy`, { token: admin.token, body: { policy_id: policy.json().id } });
  });

  const declare = async (title: string) => {
    const res = await h.call('POST', '/api/v1/incidents', { token: admin.token, body: { title, severity: 'SEV-1', service_ids: [service] } });
    expect(res.statusCode, res.body).toBe(201);
    await h.kernel.engine.runOnce();
    return res.json().id as string;
  };
  const tiersPaged = async (id: string) => (await h.db.kysely.selectFrom('pages').select('position').where('incident_id', '=', id).orderBy('position').execute()).map((p) => p.position);

  it('a change that locks the incident and then moves its escalations never waits for a due step firing', async () => {
    const ids = [await declare('Lock order one'), await declare('Lock order two')];
    h.clock.advance(5 * 60_000); // both tier-2 steps are due: one batch fires them together
    let fired: Promise<unknown> | undefined;
    await h.db.kysely.transaction().execute(async (trx) => {
      if (h.dialect === 'postgres') await sql`set local lock_timeout = '500ms'`.execute(trx);
      await trx.selectFrom('incidents').select('id').where('id', '=', ids[0]!).$if(h.dialect === 'postgres', (q) => q.forUpdate()).execute();
      fired = h.kernel.engine.runOnce();
      await sleep(300); // the step batch has started and, on PostgreSQL, waits for the incident
      // What an acknowledgement does next: its escalations move. Waiting here for the step would
      // deadlock (or, with the lock timeout, fail).
      await trx.updateTable('escalations').set({ updated_at: h.clock.now().getTime() }).where('incident_id', '=', ids[0]!).execute();
    });
    await fired;
    for (const id of ids) expect(await tiersPaged(id)).toEqual([1, 2]);
    const failed = await h.db.kysely.selectFrom('jobs').select(['kind', 'last_error']).where('last_error', 'is not', null).execute();
    expect(failed).toEqual([]);
  });
});
