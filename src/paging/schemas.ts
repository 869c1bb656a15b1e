import { Type } from 'typebox';
import { Severity } from '../incidents/schemas.js';
import { Nullable, Time } from '../users/schemas.js';
import { IdListParam } from '../core/lists.js';

// TypeBox schemas of the paging API: they validate input and describe the OpenAPI document.

const Id = Type.String({ minLength: 1, maxLength: 100 });
const Person = Type.Object({ id: Type.String(), name: Type.String() });
const UrgencyOf = Type.Enum(['high', 'low'], { type: 'string', description: 'high: page now, day or night; low: within business hours' });

export const IncidentParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, description: 'Incident id or number' }) });

export const ManualPageBody = Type.Object(
  {
    targets: Type.Array(
      Type.Object(
        { kind: Type.Enum(['user', 'schedule', 'team', 'service_experts'], { type: 'string', description: 'A person, whoever is on call in a schedule, a team’s members, or a service’s subject-matter experts' }), id: Id },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    urgency: Type.Optional(UrgencyOf),
    reassign: Type.Optional(Type.Boolean({ description: 'Hand the incident over: the escalation stops paging its chain, the people paged here take it' })),
  },
  { additionalProperties: false },
);
export const ManualPageAnswer = Type.Object({ pages: Type.Array(Type.String()), unreachable: Type.Array(Person) });

export const SnoozeBody = Type.Object({ minutes: Type.Integer({ minimum: 1, maximum: 1440 }) }, { additionalProperties: false });
export const SnoozeAnswer = Type.Object({ until: Time });
export const EscalateAnswer = Type.Object({ fired: Type.Integer({ description: 'Escalations that moved to their next tier' }) });
export const AcknowledgeAnswer = Type.Object({ acknowledged: Type.Boolean({ description: 'False when nothing was paging' }) });

const Delivery = Type.Enum(['planned', 'skipped', 'pending', 'sending', 'sent', 'delivered', 'failed'], { type: 'string', description: 'planned: not due yet; skipped: answered before it was due; then the outbox’s states' });
export const PageSchema = Type.Object({
  id: Type.String(),
  incident_id: Type.String(),
  user: Person,
  reason: Type.Enum(['escalation', 'manual'], { type: 'string' }),
  tier: Nullable(Type.Integer()),
  round: Nullable(Type.Integer()),
  urgency: UrgencyOf,
  reply_code: Type.String({ description: 'SMS replies: ACK <code> / RES <code>' }),
  note: Type.String(),
  created_at: Time,
  acknowledged_at: Nullable(Time),
  notifications: Type.Array(
    Type.Object({
      channel: Type.String(),
      contact_method_id: Type.String(),
      due_at: Time,
      delivery: Delivery,
      attempts: Type.Integer(),
      error: Nullable(Type.String()),
      sent_at: Nullable(Time),
      delivered_at: Nullable(Time),
      failed_at: Nullable(Time),
    }),
  ),
});

const incidentPaging = {
  incident_id: Type.String(),
  escalations: Type.Array(
    Type.Object({
      id: Type.String(),
      policy_id: Type.String(),
      service_id: Nullable(Type.String()),
      urgency: UrgencyOf,
      state: Type.Enum(['waiting', 'active', 'acknowledged', 'done'], { type: 'string' }),
      started_at: Time,
      acknowledged_at: Nullable(Time),
    }),
  ),
  pages: Type.Array(PageSchema),
};
export const IncidentPagingSchema = Type.Object(incidentPaging);
export const PagingOfQuery = Type.Object({
  incident_ids: IdListParam('incident ids'),
});
export const PagingOfSchema = Type.Object({ items: Type.Array(Type.Object(incidentPaging)) });
export const UserPagesSchema = Type.Object({ items: Type.Array(PageSchema) });
export const UserParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, description: 'A user id, or me' }) });

const UrgencySetting = Type.Enum(['high', 'low', 'none'], { type: 'string' });
export const PagingSettingsSchema = Type.Object({
  urgencies: Type.Object({ 'SEV-1': UrgencySetting, 'SEV-2': UrgencySetting, 'SEV-3': UrgencySetting, 'SEV-4': UrgencySetting }),
  business_hours: Type.Object({
    time_zone: Type.String({ minLength: 1, maxLength: 100 }),
    days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7, description: 'ISO weekdays, 1 = Monday' }),
    start: Type.String({ description: 'HH:MM' }),
    end: Type.String({ description: 'HH:MM' }),
  }, { additionalProperties: false }),
});
export const PagingSettingsBody = Type.Object(
  { urgencies: Type.Optional(Type.Partial(Type.Object({ 'SEV-1': UrgencySetting, 'SEV-2': UrgencySetting, 'SEV-3': UrgencySetting, 'SEV-4': UrgencySetting }, { additionalProperties: false }))), business_hours: Type.Optional(PagingSettingsSchema.properties.business_hours) },
  { additionalProperties: false },
);
export { Severity };
