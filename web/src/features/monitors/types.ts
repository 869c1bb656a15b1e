import type { ApiRequestBody, ApiResponse } from '../../app/api';

// The monitors API's shapes: generated from the OpenAPI document where the endpoint exists;
// written out by hand (from docs/monitor-api) for the history endpoints still being built.

export type Monitor = ApiResponse<'/api/v1/monitors/{id}', 'get'>;
export type MonitorPage = ApiResponse<'/api/v1/monitors', 'get'>;
export type MonitorCounts = ApiResponse<'/api/v1/monitors/counts', 'get'>;
export type MonitorInput = ApiRequestBody<'/api/v1/monitors', 'post'>;
export type MonitorPatch = ApiRequestBody<'/api/v1/monitors/{id}', 'patch'>;
export type MonitorType = Monitor['type'];
export type MonitorState = Monitor['state'];
export type LocationState = Monitor['location_states'][number];
/** What a row shows: a paused monitor is "paused" whatever its last state was. */
export type ShownState = MonitorState | 'paused';

export type Alert = ApiResponse<'/api/v1/alerts/{id}', 'get'>;

/** The ranges the history endpoints take. */
export type Range = '1h' | '24h' | '7d' | '30d' | '90d';

export interface CheckResult {
  at: string;
  location: string;
  status: 'up' | 'degraded' | 'down';
  failure: string | null;
  latency_ms: number;
}

export interface Uptime {
  from: string;
  to: string;
  uptime_pct: number | null;
  up_ms: number;
  degraded_ms: number;
  down_ms: number;
  unknown_ms: number;
  maintenance_ms: number;
  locations: { location: string; count: number; p50_ms: number | null; p95_ms: number | null; p99_ms: number | null }[];
}

export interface HistoryBucket {
  start: string;
  location: string;
  count: number;
  up: number;
  degraded: number;
  down: number;
  uptime_pct: number | null;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  max_ms: number | null;
}

export interface History {
  bucket_ms: number;
  items: HistoryBucket[];
}

export interface UptimeDay {
  start: string;
  /** null: no check that day. */
  uptime_pct: number | null;
  down_ms: number;
  maintenance: boolean;
}

export interface UptimeBars {
  items: { id: string; days: UptimeDay[] }[];
}

export type MonitorEventKind =
  | 'down'
  | 'up'
  | 'degraded'
  | 'alert_opened'
  | 'alert_resolved'
  | 'flapping'
  | 'paused'
  | 'resumed'
  | 'maintenance_start'
  | 'maintenance_end';

export interface MonitorEvent {
  at: string;
  location: string | null;
  kind: MonitorEventKind | string;
  message: string;
}

export interface SchedulerHealth {
  behind: boolean;
  message: string | null;
  monitors: number;
  instances: number;
  in_flight: number;
  lag_p50_ms: number | null;
  lag_p99_ms: number | null;
  lag_max_ms: number | null;
  missed_total: number;
}

export interface MaintenanceWindow {
  id: string;
  title: string;
  monitor_id: string | null;
  service_id: string | null;
  starts_at: string;
  ends_at: string | null;
  duration_ms: number;
  rrule: string | null;
  time_zone: string;
  created_at: string;
  active: boolean;
  next: { start: string; end: string }[];
}

export type MaintenanceInput =
  | { title: string; monitor_id: string; starts_at: string; ends_at: string; time_zone: string }
  | { title: string; monitor_id: string; starts_at: string; duration_minutes: number; rrule: string; time_zone: string };

export interface MonitorLocation {
  name: string;
  kind: 'server' | 'probe';
  last_seen_at: string | null;
  silent: boolean;
}
