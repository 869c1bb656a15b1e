import { Type } from 'typebox';
import { DETECTION_SOURCES, INCIDENT_ACTIONS, INCIDENT_ROLES, SEVERITIES, STATUSES, TIMELINE_PAGE_MAX } from './model.js';

// TypeBox schemas of the incident API: they validate input and describe the OpenAPI document.

const oneOf = <T extends string>(values: readonly T[], description?: string) =>
  Type.Enum([...values], { type: 'string', ...(description ? { description } : {}) });
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const time = (description: string) => Type.String({ format: 'date-time', description });
const person = Type.Object({ id: Type.String(), name: Type.String() });

export const Severity = oneOf(SEVERITIES, 'SEV-1 (critical) to SEV-4 (low)');
export const Role = oneOf(INCIDENT_ROLES);
const Title = Type.String({ minLength: 1, maxLength: 200 });
const LongText = (max: number) => Type.String({ maxLength: max });
const ServiceIds = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100, description: 'Ids of existing services' });

const ImpactInput = Type.Object(
  {
    users_affected: Type.Optional(nullable(Type.Integer({ minimum: 0, maximum: 1e12 }))),
    functionality_broken: Type.Optional(LongText(2000)),
    data_at_risk: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const DeclareBody = Type.Object(
  {
    title: Title,
    severity: Severity,
    service_ids: Type.Optional(ServiceIds),
    detection_source: Type.Optional(oneOf(DETECTION_SOURCES, 'How the problem was found; default internal')),
    started_at: Type.Optional(time('When impact began; not in the future; default now')),
    impact: Type.Optional(ImpactInput),
    hypothesis: Type.Optional(LongText(5000)),
    drill: Type.Optional(Type.Boolean({ description: 'A practice incident, left out of metrics' })),
    commander_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const UpdateBody = Type.Object(
  {
    title: Type.Optional(Title),
    impact: Type.Optional(ImpactInput),
    hypothesis: Type.Optional(LongText(5000)),
    root_cause_category: Type.Optional(nullable(Type.String({ minLength: 1, maxLength: 100 }))),
    service_ids: Type.Optional(ServiceIds),
  },
  { additionalProperties: false },
);

export const TransitionBody = Type.Object({ note: Type.Optional(LongText(10_000)) }, { additionalProperties: false });
export const SeverityBody = Type.Object(
  { severity: Severity, reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
export const RoleBody = Type.Object({ role: Role, user_id: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
export const NoteBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 10_000 }) }, { additionalProperties: false });

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, description: 'Incident id or number' }) });
export const RoleParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), role: Role, user_id: Type.String({ minLength: 1, maxLength: 100 }) });

export const ListQuery = Type.Object(
  {
    status: Type.Optional(Type.String({ maxLength: 200, description: `Comma list of ${STATUSES.join(', ')}` })),
    severity: Type.Optional(Type.String({ maxLength: 100, description: 'Comma list of SEV-1..SEV-4' })),
    service_id: Type.Optional(Type.String({ maxLength: 100 })),
    since: Type.Optional(time('detected_at at or after')),
    until: Type.Optional(time('detected_at at or before')),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Text in the title, any case' })),
    drill: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  // Unknown query parameters (cache busters and the like) are ignored, unlike unknown body fields.
);

export const Incident = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  title: Type.String(),
  severity: Severity,
  status: oneOf(STATUSES),
  detection_source: oneOf(DETECTION_SOURCES),
  drill: Type.Boolean(),
  services: Type.Array(person),
  impact: Type.Object({
    users_affected: nullable(Type.Integer()),
    functionality_broken: Type.String(),
    data_at_risk: Type.Boolean(),
  }),
  hypothesis: Type.String(),
  root_cause_category: nullable(Type.String()),
  started_at: time('When impact began'),
  detected_at: time('When the incident was declared'),
  acknowledged_at: nullable(time('First acknowledgement (kept across reopen)')),
  acknowledged_by: nullable(Type.Object({ id: Type.String(), name: Type.String() }, { description: 'The person who acknowledged first (kept across reopen); null when nobody has, or when the alert sender did' })),
  mitigated_at: nullable(time('When impact was mitigated')),
  resolved_at: nullable(time('When resolved')),
  closed_at: nullable(time('When closed (post-mortem done)')),
  roles: Type.Object({
    commander: nullable(person),
    technical_leads: Type.Array(person),
    communications_lead: nullable(person),
  }),
  created_at: time('Created'),
  updated_at: time('Last changed'),
  allowed_actions: Type.Array(oneOf(INCIDENT_ACTIONS), {
    description: 'What the caller may do to this incident now (role and lifecycle); clients offer exactly these',
  }),
});

export const IncidentPage = Type.Object({ items: Type.Array(Incident), next_cursor: nullable(Type.String()) });

const Status = oneOf(STATUSES);
const eventBase = {
  id: Type.String(),
  incident_id: Type.String(),
  seq: Type.Integer({ minimum: 1, description: 'Its place on the incident’s timeline, from 1: pass the last one seen as `after` to read only what came since' }),
  at: time('When it happened'),
  actor: Type.Object({ kind: oneOf(['user', 'integration', 'system'] as const), id: nullable(Type.String()), name: Type.String() }),
  actor_role: nullable(Type.String({ description: 'The incident role the actor held then' })),
};
const event = <K extends string, D extends Parameters<typeof Type.Object>[0]>(kinds: readonly K[], data: D, description: string) =>
  Type.Object({ ...eventBase, kind: Type.Enum([...kinds], { type: 'string' }), data: Type.Object(data) }, { description });
const Change = Type.Object({ from: Type.Unknown(), to: Type.Unknown() });

/** One timeline entry; `kind` says which shape `data` has. */
export const TimelineEvent = Type.Union([
  event(['declared'], {
    title: Type.String(),
    severity: Severity,
    service_ids: Type.Array(Type.String()),
    detection_source: oneOf(DETECTION_SOURCES),
    drill: Type.Boolean(),
    commander: nullable(person),
  }, 'The incident was declared'),
  event(
    ['acknowledged', 'mitigated', 'resolved', 'closed', 'reopened'],
    { from: Status, to: Status, note: Type.Optional(Type.String()), via: Type.Optional(Type.String({ description: 'How it came: web, api, email, sms, voice, push, chat, system' })) },
    'A lifecycle step',
  ),
  event(['severity_changed'], { from: Severity, to: Severity, reason: Type.String() }, 'Re-classified, with the reason'),
  event(['role_assigned'], { role: Role, user: person, previous: nullable(person) }, 'A role was given or handed over from `previous`'),
  event(['role_released'], { role: Role, user: person }, 'A role was released'),
  event(['updated'], { fields: Type.Array(Type.String()), changes: Type.Record(Type.String(), Change) }, 'Details edited: what changed, from and to'),
  event(['note'], { text: Type.String() }, 'A note'),
  event(
    ['alert_opened', 'alert_acknowledged', 'alert_resolved'],
    {
      alert_id: Type.String(),
      summary: Type.String({ description: 'The alert’s summary; on resolve, how it resolved (the sender’s words, or the monitor’s)' }),
      alert_summary: Type.Optional(Type.String({ description: 'On resolve: the alert’s own summary' })),
      source: Type.Optional(Type.String({ description: 'monitor, or the integration that sent it' })),
      joined: Type.Optional(Type.Boolean({ description: 'The alert joined this open incident rather than opening it' })),
      monitor_id: Type.Optional(Type.String()),
      integration_key_id: Type.Optional(Type.String({ description: 'The integration key it came through' })),
      events: Type.Optional(Type.Integer({ description: 'On resolve: the signals the alert absorbed while open, repeats included' })),
      reason: Type.Optional(Type.String({ description: 'Why the monitor confirmed it (M of N locations down ...)' })),
      results: Type.Optional(
        Type.Array(
          Type.Object({ location: Type.String(), status: nullable(Type.String()), latency_ms: nullable(Type.Integer()), message: nullable(Type.String()), at: nullable(Type.Number({ description: 'epoch ms' })) }),
          { description: 'What each location saw last' },
        ),
      ),
    },
    'An alert opened or joined the incident, was acknowledged by its sender, or resolved; with the check results around it',
  ),
  event(
    ['alert_revised'],
    {
      alert_id: Type.String(),
      summary: Type.String({ description: 'The alert’s summary after the change' }),
      previous_summary: Type.Optional(Type.String({ description: 'What the summary said before, when the change was to it' })),
      description: Type.Optional(Type.String({ description: 'The new description, when the change was to it' })),
      previous_description: Type.Optional(nullable(Type.String({ description: 'What the description said before (null: none)' }))),
      priority: Type.Optional(Type.String({ description: 'The sender’s new priority (Opsgenie P1-P5), when the change was to it' })),
      previous_priority: Type.Optional(nullable(Type.String({ description: 'The priority before (null: none)' }))),
      tags_added: Type.Optional(Type.Array(Type.String(), { description: 'Tags the sender added' })),
      tags_removed: Type.Optional(Type.Array(Type.String(), { description: 'Tags the sender removed' })),
      details_set: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Custom details the sender added or changed, with their new values' })),
      details_removed: Type.Optional(Type.Array(Type.String(), { description: 'Custom details the sender removed' })),
      note: Type.Optional(Type.String({ description: 'What the sender said with the change (Opsgenie’s note)' })),
      user: Type.Optional(Type.String({ description: 'Who the sender says made the change (Opsgenie’s user)' })),
      source: Type.Optional(Type.String({ description: 'The integration that sent it' })),
      integration_key_id: Type.Optional(Type.String({ description: 'The integration key it came through' })),
    },
    'An open alert’s sender changed its words (Opsgenie’s update message or description): what it said before is kept here',
  ),
  event(
    ['paged'],
    {
      reason: oneOf(['escalation', 'manual', 'ack_timeout', 'snooze_over', 'reopened', 'reassigned'] as const),
      tier: Type.Optional(Type.Integer()),
      round: Type.Optional(Type.Integer()),
      urgency: Type.String(),
      people: Type.Array(person),
      unreachable: Type.Array(person, { description: 'Paged people with no verified way to reach them at this urgency' }),
      note: Type.Optional(Type.String()),
    },
    'People were paged',
  ),
  event(
    ['escalation_gap'],
    { tier: Type.Integer(), round: Type.Integer(), gaps: Type.Array(Type.Object({ kind: Type.String(), name: nullable(Type.String()), gap: Type.String() })) },
    'A tier reached nobody: the team was told and escalation moved on',
  ),
  event(['page_failed'], { user: person, channel: Type.String(), error: Type.String(), fallback: nullable(Type.String({ description: 'The channel tried next' })) }, 'A page could not be delivered'),
  event(['not_paged'], { reason: Type.String() }, 'Nobody was paged, and why'),
  event(['paging_deferred'], { until: time('When paging starts (business hours)'), urgency: Type.String() }, 'Low urgency: paging waits for business hours'),
  event(['escalation_snoozed'], { minutes: Type.Integer(), until: time('When paging resumes') }, 'Paging paused for a while'),
]);

export const Timeline = Type.Object({
  items: Type.Array(TimelineEvent),
  has_more: Type.Boolean({ description: 'More events follow the last one: ask again with `after` set to its `seq`' }),
});

export const TimelineQuery = Type.Object({
  after: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647, description: 'Only events after this `seq` (what came since a client last read)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: TIMELINE_PAGE_MAX, default: TIMELINE_PAGE_MAX, description: 'At most this many events, oldest first' })),
});
