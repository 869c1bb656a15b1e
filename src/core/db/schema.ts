/**
 * Row types of the kernel's tables. Times are epoch milliseconds (bigint in PostgreSQL, integer
 * in SQLite) so both dialects compare and subtract them the same way; flags are 0/1 integers;
 * structured extras are JSON text. Domains keep their row types in their own `tables.ts`.
 */
export interface SettingsTable {
  key: string;
  value: string;
}

export interface CountersTable {
  name: string;
  value: number;
}

import type { JobStatus } from '../engine/model.js';

export type { JobStatus };

export interface JobsTable {
  id: string;
  kind: string;
  key: string;
  payload: string;
  status: JobStatus;
  due_at: number;
  attempts: number;
  max_attempts: number;
  /** 1 when the current claim took this job alone (a reclaim after a lost lease), else 0. */
  claimed_alone: number;
  /** Lone claims whose lease was lost: what gives up a job that keeps killing its process. */
  lone_losses: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface LeasesTable {
  name: string;
  owner: string;
  expires_at: number;
}

/**
 * Every table, for Kysely's typing. The kernel's own tables are listed here; each domain adds
 * its tables from its own `tables.ts` by augmenting this interface, so a new domain never
 * edits this file.
 */
export interface Tables {
  settings: SettingsTable;
  counters: CountersTable;
  jobs: JobsTable;
  leases: LeasesTable;
}
