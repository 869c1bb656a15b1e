import type { Severity } from '../incidents/model.js';
import type { MonitorType } from './model.js';

// The monitors domain's tables (row types); they join the kernel's Tables below.

export interface MonitorsTable {
  id: string;
  /** Small integer key for the results tables (a result row stays small). */
  seq: number;
  name: string;
  type: MonitorType;
  /** JSON CheckSpec. */
  spec: string;
  interval_s: number;
  timeout_ms: number;
  /** JSON Confirmation. */
  confirmation: string;
  /** JSON array of location names; empty = every location. */
  locations: string;
  service_id: string | null;
  severity: Severity;
  auto_resolve: number;
  paused: number;
  heartbeat_uuid: string | null;
  state: 'up' | 'degraded' | 'down' | 'unknown';
  state_changed_at: number | null;
  /** JSON FlapState. */
  flap: string;
  alert_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface MonitorLocationsTable {
  name: string;
  seq: number;
  kind: 'server' | 'probe';
  token_hash: string | null;
  last_seen_at: number | null;
  created_at: number;
}

export interface MonitorLocationStatesTable {
  monitor_id: string;
  location: string;
  status: 'up' | 'down' | 'unknown';
  streak: number;
  first_failure_at: number | null;
  last_result_at: number | null;
  last_status: string | null;
  last_latency_ms: number | null;
  last_message: string | null;
}

export interface CheckResultsTable {
  monitor_seq: number;
  /** The slot's due time (epoch ms): one result per monitor, slot and location. */
  at: number;
  location_seq: number;
  /** status * 32 + failure kind index + 1 (0 = none): see model.codes. */
  code: number;
  latency_ms: number;
}

export interface CheckRollupsTable {
  monitor_seq: number;
  bucket_ms: number;
  start: number;
  location_seq: number;
  count: number;
  up: number;
  degraded: number;
  down: number;
  up_ms: number;
  degraded_ms: number;
  down_ms: number;
  unknown_ms: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  max_ms: number | null;
}

export interface MonitorEventsTable {
  id: string;
  monitor_id: string;
  location: string | null;
  at: number;
  kind: string;
  message: string;
}

export interface MaintenanceWindowsTable {
  id: string;
  title: string;
  monitor_id: string | null;
  service_id: string | null;
  starts_at: number;
  ends_at: number | null;
  duration_ms: number;
  rrule: string | null;
  time_zone: string;
  created_at: number;
}

export interface MonitorWorkersTable {
  owner: string;
  location: string;
  seen_at: number;
}

declare module '../core/db/schema.js' {
  interface Tables {
    monitors: MonitorsTable;
    monitor_locations: MonitorLocationsTable;
    monitor_location_states: MonitorLocationStatesTable;
    check_results: CheckResultsTable;
    check_rollups: CheckRollupsTable;
    monitor_events: MonitorEventsTable;
    maintenance_windows: MaintenanceWindowsTable;
    monitor_workers: MonitorWorkersTable;
  }
}
