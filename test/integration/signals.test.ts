import { beforeAll, expect, it } from 'vitest';
import { systemActor } from '../../src/core/context.js';
import { recordSignal, recordSignals } from '../../src/incidents/service.js';
import { describeEachDatabase } from '../support/harness.js';

// What detection writes on incidents' timelines, several signals at once (a commit group's new
// alerts): each incident's facts in the order given, numbered after what it had, with no role
// looked up, and the incident marked changed; an unknown incident is refused and nothing written.

describeEachDatabase('signals on timelines', (h) => {
  let token: string;
  beforeAll(async () => {
    token = (await h.actor('admin')).token;
  });
  const declare = async (title: string) => (await h.call('POST', '/api/v1/incidents', { token, body: { title, severity: 'SEV-3' } })).json() as { id: string; updated_at: string };
  const timeline = async (id: string) => (await h.db.kysely.selectFrom('timeline_events').select(['kind', 'seq', 'data', 'actor_name', 'actor_role']).where('incident_id', '=', id).orderBy('seq').execute()).map((e) => ({ ...e, seq: Number(e.seq), data: JSON.parse(e.data) as { n?: number } }));

  it('appends each incident’s signals in order after its own events, by the signal’s actor, and marks the incidents changed', async () => {
    const [a, b] = [await declare('Signals A'), await declare('Signals B')];
    h.clock.advance(60_000);
    const ctx = h.ctx(systemActor('monitor: checkout'));
    await recordSignals(ctx, [
      { incidentId: a.id, kind: 'alert_opened', data: { n: 1 } },
      { incidentId: b.id, kind: 'alert_opened', data: { n: 2 } },
      { incidentId: a.id, kind: 'alert_opened', data: { n: 3 } },
      { incidentId: a.id, kind: 'alert_resolved', data: { n: 4 } },
    ]);
    const ta = await timeline(a.id);
    expect(ta.map((e) => [e.seq, e.kind, e.data.n])).toEqual([
      [1, 'declared', undefined],
      [2, 'alert_opened', 1],
      [3, 'alert_opened', 3],
      [4, 'alert_resolved', 4],
    ]);
    expect(ta.slice(1).every((e) => e.actor_name === 'monitor: checkout' && e.actor_role === null)).toBe(true);
    expect((await timeline(b.id)).map((e) => [e.seq, e.kind, e.data.n])).toEqual([
      [1, 'declared', undefined],
      [2, 'alert_opened', 2],
    ]);
    for (const id of [a.id, b.id]) {
      const row = await h.db.kysely.selectFrom('incidents').select('updated_at').where('id', '=', id).executeTakeFirstOrThrow();
      expect(Number(row.updated_at)).toBe(h.clock.now().getTime());
    }
  });

  it('refuses a signal on an unknown incident and writes none of the batch', async () => {
    const a = await declare('Signals C');
    const before = await timeline(a.id);
    await expect(recordSignals(h.ctx(), [{ incidentId: a.id, kind: 'alert_opened', data: {} }, { incidentId: 'inc_nope', kind: 'alert_opened', data: {} }])).rejects.toThrow(/inc_nope/);
    await expect(recordSignal(h.ctx(), 'inc_nope', 'alert_opened', {})).rejects.toThrow(/inc_nope/);
    expect(await timeline(a.id)).toEqual(before);
  });
});
