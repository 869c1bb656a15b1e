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
});
