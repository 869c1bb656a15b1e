import { Type } from 'typebox';
import { Nullable, Time } from '../users/schemas.js';

export const AlertSchema = Type.Object({
  id: Type.String(),
  service_id: Nullable(Type.String()),
  dedup_key: Type.String(),
  source: Type.String({ description: 'monitor, or the integration that sent it' }),
  source_ref: Nullable(Type.String({ description: 'The monitor (or integration key) that raised it' })),
  status: Type.Union([Type.Literal('open'), Type.Literal('resolved')]),
  summary: Type.String(),
  severity: Type.String(),
  incident_id: Nullable(Type.String()),
  started_at: Time,
  opened_at: Time,
  resolved_at: Nullable(Time),
  acknowledged_at: Nullable(Time),
  events: Type.Integer({ description: 'Signals absorbed while open, the first included' }),
  details: Type.Record(Type.String(), Type.Unknown(), { description: 'What the sender said beyond the summary: labels, annotations, links, images, client, custom details' }),
});

export const AlertListQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved')])),
  incident_id: Type.Optional(Type.String({ maxLength: 100 })),
  source_ref: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The `next_cursor` of the page before: the alerts opened before its last' })),
});

export const AlertTotals = Type.Object(
  {
    alerts: Type.Integer({ description: 'Alerts behind the incident, resolved ones included' }),
    open: Type.Integer({ description: 'Of those, still firing' }),
    events: Type.Integer({ description: 'Signals they absorbed in all' }),
  },
  { description: 'With `incident_id`: the whole of the incident’s alerts, whatever the page and the other filters' },
);

export const AlertPage = Type.Object({
  items: Type.Array(AlertSchema),
  next_cursor: Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null on the last' })),
  totals: Type.Optional(AlertTotals),
});

export const NoiseQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Start (default: 30 days before `to`)' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'End, exclusive (default: now)' })),
  service_id: Type.Optional(Type.String({ maxLength: 100 })),
});

const source = {
  source: Type.String({ description: 'monitor, or the integration that sent them' }),
  source_ref: Type.String({ description: 'The integration key or monitor id ("" when none)' }),
  source_name: Nullable(Type.String({ description: 'The key’s or monitor’s name' })),
  service_name: Nullable(Type.String({ description: 'The service of the key or monitor (none: a monitor of no service)' })),
  alert_class: Type.String({ description: 'details.class, Alertmanager’s alertname, PagerDuty’s component, else the source' }),
};

export const NoiseRowSchema = Type.Object({
  ...source,
  fired: Type.Integer(),
  acknowledged: Type.Integer({ description: 'Acknowledged by the sender, or their incident by a person' }),
  acted_on: Type.Integer({ description: 'Their incident saw a person act (a role assigned, an update, a status change)' }),
  handled: Type.Integer({ description: 'Acknowledged or acted on' }),
  self_resolved: Type.Integer({ description: 'Resolved while nobody acknowledged or acted on them' }),
  events: Type.Integer({ description: 'Signals absorbed' }),
  median_open_ms: Nullable(Type.Integer({ description: 'Median time open (open ones until now)' })),
});

export const NoiseReportSchema = Type.Object({
  from: Time,
  to: Time,
  service_id: Nullable(Type.String()),
  totals: Type.Object({ fired: Type.Integer(), handled: Type.Integer(), ignored: Type.Integer(), events: Type.Integer() }),
  items: Type.Array(NoiseRowSchema),
  removal_candidates: Type.Array(
    Type.Object({ ...source, fired: Type.Integer(), ignored: Type.Integer(), events: Type.Integer(), reason: Type.String() }, { description: 'Fired often, (almost) never acted on: noisiest first' }),
  ),
});

const OnResolved = Type.Union([Type.Literal('resolve'), Type.Literal('mitigate')], {
  description: 'When the incident’s last open alert resolves: `resolve` it, or mark it `mitigated` and leave resolving to people',
});

export const AlertSettingsSchema = Type.Object({
  grouping_window_minutes: Type.Integer({ description: 'A new alert joins an open incident only if that incident was opened within this many minutes' }),
  grouping_labels: Type.Array(Type.String(), { description: 'Labels (or fields) whose values a new alert must share with an incident’s first alert to join it' }),
  on_all_alerts_resolved: OnResolved,
});

export const AlertSettingsBody = Type.Object(
  {
    grouping_window_minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 10080 })),
    grouping_labels: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z0-9_.\\-]{1,100}$', description: 'A label name; a dotted path reaches into nested fields' }), { maxItems: 10 })),
    on_all_alerts_resolved: Type.Optional(OnResolved),
  },
  { additionalProperties: false },
);
