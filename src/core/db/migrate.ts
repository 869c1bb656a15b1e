import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Database } from './index.js';
import * as m0001 from './migrations/0001_core.js';
import * as m0002 from './migrations/0002_incident_title_search.js';
import * as m0003 from './migrations/0003_live_relay.js';
import * as m0004 from './migrations/0004_unique_names.js';
import * as m0005 from './migrations/0005_outbox.js';
import * as m0006 from './migrations/0006_signin_attempts.js';
import * as m0007 from './migrations/0007_invitations.js';
import * as m0008 from './migrations/0008_monitors.js';
import * as m0009 from './migrations/0009_schedules.js';
import * as m0010 from './migrations/0010_intake.js';
import * as m0011 from './migrations/0011_schedule_pay.js';
import * as m0012 from './migrations/0012_noise.js';
import * as m0013 from './migrations/0013_alert_grouping.js';
import * as m0014 from './migrations/0014_escalation.js';
import * as m0015 from './migrations/0015_contact_methods.js';
import * as m0016 from './migrations/0016_page_links.js';
import * as m0017 from './migrations/0017_paging.js';
import * as m0018 from './migrations/0018_job_lone_claims.js';
import * as m0019 from './migrations/0019_alerts_first_of_incident.js';
import * as m0020 from './migrations/0020_outbox_failed.js';
import * as m0021 from './migrations/0021_incident_acknowledged_by.js';
import * as m0022 from './migrations/0022_alerts_by_sender.js';
import * as m0023 from './migrations/0023_outbox_sent.js';

/** One migration set for both dialects, in order. Add new ones at the end; never edit a shipped one. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_incident_title_search': m0002,
  '0003_live_relay': m0003,
  '0004_unique_names': m0004,
  '0005_outbox': m0005,
  '0006_signin_attempts': m0006,
  '0007_invitations': m0007,
  '0008_monitors': m0008,
  '0009_schedules': m0009,
  '0010_intake': m0010,
  '0011_schedule_pay': m0011,
  '0012_noise': m0012,
  '0013_alert_grouping': m0013,
  '0014_escalation': m0014,
  '0015_contact_methods': m0015,
  '0016_page_links': m0016,
  '0017_paging': m0017,
  '0018_job_lone_claims': m0018,
  '0019_alerts_first_of_incident': m0019,
  '0020_outbox_failed': m0020,
  '0021_incident_acknowledged_by': m0021,
  '0022_alerts_by_sender': m0022,
  '0023_outbox_sent': m0023,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

function migrator(db: Database): Migrator {
  return new Migrator({ db: db.kysely, provider, migrationTableName: 'tocsin_migrations', migrationLockTableName: 'tocsin_migrations_lock' });
}

export interface MigrationState {
  name: string;
  applied_at: string | null;
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Database): Promise<string[]> {
  const result: MigrationResultSet = await migrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`migration ${failed} failed: ${cause}`);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function listMigrations(db: Database): Promise<MigrationState[]> {
  const all = await migrator(db).getMigrations();
  return all.map((m) => ({ name: m.name, applied_at: m.executedAt ? m.executedAt.toISOString() : null }));
}
