import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations, migrateToLatest } from '../../src/core/db/migrate.js';
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

    if (dialect === 'postgres') {
      it('indexes incident titles with trigrams so a rare search word does not read every title', async () => {
        const { rows } = await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname = 'incidents_title_trgm'`.execute(fresh.db.kysely);
        expect(rows[0]?.indexdef).toContain('gin_trgm_ops');
      });
    }
  });
}
