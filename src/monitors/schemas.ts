import { Type } from 'typebox';
import { SEVERITIES } from '../incidents/model.js';
import { Nullable, Time } from '../users/schemas.js';
import { FAILURE_KINDS, MAX_INTERVAL_S, MIN_INTERVAL_S, MONITOR_TYPES } from './model.js';

const lit = <T extends string>(values: readonly T[]) => Type.Enum([...values], { type: 'string' });
const Severity = lit(SEVERITIES);

const Assertion = Type.Object(
  {
    kind: lit(['body_contains', 'body_not_contains', 'json_path'] as const),
    value: Type.Optional(Type.String({ maxLength: 1000 })),
    path: Type.Optional(Type.String({ maxLength: 200, description: 'JSON path, e.g. $.status or data.items[0].state' })),
    equals: Type.Optional(Type.String({ maxLength: 1000 })),
    matches: Type.Optional(Type.String({ maxLength: 1000, description: 'A regular expression' })),
  },
  { additionalProperties: false },
);

/** One loose object for every type; the fields that matter depend on `type` (docs/monitors.md). */
export const Target = Type.Object(
  {
    url: Type.Optional(Type.String({ maxLength: 2000, description: 'http: the URL to request' })),
    method: Type.Optional(Type.String({ maxLength: 10 })),
    headers: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 4000 }), { maxProperties: 50 })),
    body: Type.Optional(Nullable(Type.String({ maxLength: 65_536 }))),
    follow_redirects: Type.Optional(Type.Boolean()),
    expected_status: Type.Optional(Type.Array(Type.String({ maxLength: 7 }), { maxItems: 20, description: 'e.g. ["200-299"]' })),
    assertions: Type.Optional(Type.Array(Assertion, { maxItems: 20 })),
    degraded_after_ms: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 60_000, description: 'Slower than this is degraded' }))),
    cert_expiry_days: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 365, description: 'Warn this many days before the certificate expires' }))),
    host: Type.Optional(Type.String({ maxLength: 253, description: 'tcp, tls: host name or IP' })),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65_535 })),
    name: Type.Optional(Type.String({ maxLength: 253, description: 'dns: the name to resolve' })),
    record_type: Type.Optional(Type.String({ maxLength: 5 })),
    resolver: Type.Optional(Nullable(Type.String({ maxLength: 60, description: 'dns: resolver IP[:port]; default the system resolver' }))),
    expected: Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: 20, description: 'dns: values the answer must contain' })),
    period_s: Type.Optional(Type.Integer({ description: 'heartbeat: how often the job pings' })),
    grace_s: Type.Optional(Type.Integer({ description: 'heartbeat: how late a ping may be' })),
  },
  { additionalProperties: false },
);

export const ConfirmationSchema = Type.Object(
  {
    failures_to_down: Type.Integer({ description: 'K: consecutive failures that mark a location down (and successes that mark it up)' }),
    locations_to_alert: Nullable(Type.Integer({ description: 'M: locations down that open the alert; null = 2, or 1 with one location' })),
    flap_changes: Type.Integer({ description: 'F: more state changes than this within the window is flapping' }),
    flap_window_s: Type.Integer(),
    recheck_s: Type.Integer({ description: 'Seconds after a check that disagrees with its location’s state (a failure while up, a success while down) before checking again, off the slots, until K agree; 0 = on the slots only' }),
  },
  { additionalProperties: false },
);

const LocationState = Type.Object({
  location: Type.String(),
  status: lit(['up', 'down', 'unknown'] as const),
  last_status: Nullable(lit(['up', 'degraded', 'down'] as const)),
  last_result_at: Nullable(Time),
  last_latency_ms: Nullable(Type.Integer()),
  last_message: Nullable(Type.String()),
});

export const MonitorSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: lit(MONITOR_TYPES),
  target: Type.Record(Type.String(), Type.Unknown()),
  interval_s: Type.Integer(),
  timeout_ms: Type.Integer(),
  confirmation: ConfirmationSchema,
  locations: Type.Array(Type.String(), { description: 'Locations that check it; empty = all' }),
  service_id: Nullable(Type.String()),
  severity: Severity,
  auto_resolve: Type.Boolean(),
  paused: Type.Boolean(),
  heartbeat_url: Nullable(Type.String({ description: 'heartbeat: the path the job pings' })),
  state: lit(['up', 'degraded', 'down', 'unknown'] as const),
  state_changed_at: Nullable(Time),
  flapping: Type.Boolean(),
  alert_id: Nullable(Type.String()),
  location_states: Type.Array(LocationState),
  created_at: Time,
  updated_at: Time,
});

const editable = {
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  target: Type.Optional(Target),
  interval_s: Type.Optional(Type.Integer({ description: `Seconds between checks, ${MIN_INTERVAL_S} to ${MAX_INTERVAL_S}` })),
  timeout_ms: Type.Optional(Type.Integer({ description: 'Per check, shorter than the interval' })),
  confirmation: Type.Optional(Type.Partial(ConfirmationSchema)),
  locations: Type.Optional(Type.Array(Type.String({ maxLength: 60 }), { maxItems: 50 })),
  service_id: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  severity: Type.Optional(Severity),
  auto_resolve: Type.Optional(Type.Boolean()),
};

export const NewMonitorBody = Type.Object({ type: Type.String({ maxLength: 20, description: MONITOR_TYPES.join(', ') }), ...editable }, { additionalProperties: false });
export const MonitorPatchBody = Type.Object(editable, { additionalProperties: false });

export const MonitorListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 1000 })),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Text in the name' })),
  service_id: Type.Optional(Type.String({ maxLength: 100 })),
  state: Type.Optional(lit(['up', 'degraded', 'down', 'unknown', 'paused'] as const)),
});

export const ResultSchema = Type.Object({
  at: Time,
  location: Type.String(),
  status: lit(['up', 'degraded', 'down'] as const),
  failure: Nullable(lit(FAILURE_KINDS)),
  latency_ms: Type.Integer(),
});

export const RangeQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  range: Type.Optional(lit(['1h', '24h', '7d', '30d', '90d'] as const)),
  location: Type.Optional(Type.String({ maxLength: 60 })),
});

export const MonitorEventSchema = Type.Object({ at: Time, location: Nullable(Type.String()), kind: Type.String(), message: Type.String() });
