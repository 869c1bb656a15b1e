import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations, migrateToLatest } from '../../src/core/db/migrate.js';
import * as ackedBy from '../../src/core/db/migrations/0021_incident_acknowledged_by.js';
import { createUser } from '../support/factories.js';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../support/db.js';

for (const dialect of DIALECTS) {
  describe(`migrations [${dialect}]`, () => {
    let fresh: FreshDatabase;
    beforeAll(async () => {
      fresh = await freshDatabase(dialect, { migrate: false });
    });
    afterAll(() => fresh.drop());

    it('applies every migration in order once, and a second run applies nothing', async () => {
      expect((await listMigrations(fresh.db)).every((m) => m.applied_at === null)).toBe(true);
      const applied = await migrateToLatest(fresh.db);
      // Numbered 0001, 0002 ... without gaps, and applied in that order.
      expect(applied.map((n) => n.slice(0, 4))).toEqual(applied.map((_, i) => String(i + 1).padStart(4, '0')));
      expect(applied.slice(0, 3)).toEqual(['0001_core', '0002_incident_title_search', '0003_live_relay']);
      expect(await migrateToLatest(fresh.db)).toEqual([]);
      const listed = await listMigrations(fresh.db);
      expect(listed.map((m) => m.name)).toEqual(applied);
      expect(listed.every((m) => m.applied_at !== null)).toBe(true);
    });

    it('0021 names who acknowledged the incidents acknowledged before it, from their timelines', async () => {
      const k = fresh.db.kysely;
      await ackedBy.down(k);
      const [ada, bob] = [await createUser(fresh.db, { name: 'Ada' }), await createUser(fresh.db, { name: 'Bob' })];
      const incident = (id: string, number: number, acknowledged_at: number | null) => ({
        id, number, title: id, severity: 'SEV-2', status: acknowledged_at ? 'acknowledged' : 'triggered', detection_source: 'internal', drill: 0,
        functionality_broken: '', data_at_risk: 0, hypothesis: '', started_at: 1, detected_at: 1, acknowledged_at, created_at: 1, updated_at: 1,
      });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the table as it was before 0021
      await (k as any).insertInto('incidents').values([incident('inc_by_person', 9001, 5), incident('inc_by_sender', 9002, 5), incident('inc_open', 9003, null)]).execute();
      const event = (incident_id: string, seq: number, kind: string, actor_kind: 'user' | 'integration', actor_id: string | null) => ({
        id: `tl_${incident_id}_${seq}`, incident_id, at: seq, kind, actor_kind, actor_id, actor_name: actor_id ?? 'prometheus', data: '{}', seq,
      });
      await k.insertInto('timeline_events').values([
        event('inc_by_person', 1, 'declared', 'user', bob.id),
        event('inc_by_person', 2, 'acknowledged', 'user', ada.id), // the first acknowledgement, not the later one
        event('inc_by_person', 3, 'reopened', 'user', bob.id),
        event('inc_by_person', 4, 'acknowledged', 'user', bob.id),
        event('inc_by_sender', 1, 'acknowledged', 'integration', null),
        event('inc_open', 1, 'declared', 'user', ada.id),
      ]).execute();
      await ackedBy.up(k);
      const rows = await k.selectFrom('incidents').select(['id', 'acknowledged_by']).where('number', '>', 9000).orderBy('number').execute();
      expect(rows).toEqual([{ id: 'inc_by_person', acknowledged_by: ada.id }, { id: 'inc_by_sender', acknowledged_by: null }, { id: 'inc_open', acknowledged_by: null }]);
    });

    if (dialect === 'postgres') {
      it('indexes incident titles with trigrams so a rare search word does not read every title', async () => {
        const { rows } = await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname = 'incidents_title_trgm'`.execute(fresh.db.kysely);
        expect(rows[0]?.indexdef).toContain('gin_trgm_ops');
      });
    }
  });
}
