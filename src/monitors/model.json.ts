import type { Static } from 'typebox';
import { toIso } from '../core/clock.js';
import type { FlapState } from './model.js';
import { confirmationOf, decodeResult } from './model.js';
import { targetOf } from './model.spec.js';
import type * as S from './schemas.js';
import type { CheckResultsTable, MonitorLocationStatesTable, MonitorsTable } from './tables.js';

// Monitors as the API shows them. Pure.

export type MonitorJson = Static<typeof S.MonitorSchema>;
export type ResultJson = Static<typeof S.ResultSchema>;

export const parseFlap = (raw: string): FlapState => {
  const v = JSON.parse(raw) as Partial<FlapState>;
  return { changes: Array.isArray(v.changes) ? v.changes : [], flapping: Boolean(v.flapping) };
};

export function toMonitorJson(r: MonitorsTable, states: readonly MonitorLocationStatesTable[]): MonitorJson {
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    target: targetOf(JSON.parse(r.spec)) as Record<string, unknown>,
    interval_s: r.interval_s,
    timeout_ms: r.timeout_ms,
    confirmation: confirmationOf(r.confirmation),
    locations: JSON.parse(r.locations) as string[],
    service_id: r.service_id,
    severity: r.severity,
    auto_resolve: r.auto_resolve === 1,
    paused: r.paused === 1,
    heartbeat_url: r.heartbeat_uuid ? `/ping/${r.heartbeat_uuid}` : null,
    state: r.state,
    state_changed_at: toIso(r.state_changed_at),
    flapping: parseFlap(r.flap).flapping,
    alert_id: r.alert_id,
    location_states: states.map((s) => ({
      location: s.location,
      status: s.status,
      last_status: (s.last_status as 'up' | 'degraded' | 'down' | null) ?? null,
      last_result_at: toIso(s.last_result_at),
      last_latency_ms: s.last_latency_ms,
      last_message: s.last_message,
    })),
    created_at: toIso(r.created_at)!,
    updated_at: toIso(r.updated_at)!,
  };
}

export function toResultJson(r: CheckResultsTable, locationName: (seq: number) => string): ResultJson {
  const { status, failure } = decodeResult(r.code);
  return { at: toIso(Number(r.at))!, location: locationName(r.location_seq), status, failure, latency_ms: r.latency_ms };
}
