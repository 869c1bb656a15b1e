import { Type, type TSchema } from 'typebox';
import { Nullable, Time } from '../users/schemas.js';

const oneOf = <T extends string>(values: readonly T[], description?: string) => Type.Enum([...values], { type: 'string', ...(description ? { description } : {}) });

export const KeyTypeSchema = oneOf(['pagerduty', 'alertmanager', 'opsgenie', 'webhook'] as const, 'Which sender it is for: decides the URL it is shown with');
export const SenderSeveritySchema = oneOf(['critical', 'error', 'warning', 'info'] as const);

const JsonPath = Type.String({ minLength: 1, maxLength: 200, description: 'A JSON path such as $.alert.title or data.items[0].name' });

export const WebhookMappingSchema = Type.Object(
  {
    summary: JsonPath,
    severity: JsonPath,
    dedup_key: JsonPath,
    status: JsonPath,
    resolve_values: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20, description: 'Status values that resolve the alert (case-insensitive)' }),
    acknowledge_values: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20, description: 'Status values that acknowledge it' })),
  },
  { additionalProperties: false, description: 'Where the generic webhook finds each field in the JSON it is sent' },
);

export const IntegrationKeySchema = Type.Object({
  id: Type.String(),
  service_id: Type.String(),
  name: Type.String(),
  type: KeyTypeSchema,
  default_severity: Nullable(SenderSeveritySchema),
  key_prefix: Type.String({ description: 'The first characters of the key, to tell keys apart (the key itself is shown once)' }),
  mapping: Nullable(WebhookMappingSchema),
  created_by: Nullable(Type.String()),
  created_at: Time,
  revoked_at: Nullable(Time),
});

export const CreatedKeySchema = Type.Object({
  ...IntegrationKeySchema.properties,
  key: Type.String({ description: 'The key: shown this once, keep it in the sender’s configuration' }),
  endpoint: Type.String({ description: 'The URL to paste into the sender (for Opsgenie, its api_url)' }),
});

export const NewKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    type: KeyTypeSchema,
    default_severity: Type.Optional(SenderSeveritySchema),
    mapping: Type.Optional(WebhookMappingSchema),
  },
  { additionalProperties: false },
);

export const KeyParams = Type.Object({ id: Type.String({ maxLength: 100 }), keyId: Type.String({ maxLength: 100 }) });

const Link = Type.Object({ href: Type.String({ maxLength: 2000 }), text: Type.Optional(Type.String({ maxLength: 500 })) });

export const ChangeEventSchema = Type.Object({
  id: Type.String(),
  service_id: Type.String(),
  summary: Type.String(),
  source: Nullable(Type.String()),
  at: Time,
  links: Type.Array(Link),
  custom_details: Type.Record(Type.String(), Type.Unknown()),
  integration_key_id: Nullable(Type.String({ description: 'The key it came through; null when posted with an API token' })),
});

export const NewChangeBody = Type.Object(
  {
    service: Type.String({ minLength: 1, maxLength: 200, description: 'The service: its id or its name' }),
    summary: Type.String({ minLength: 1, maxLength: 1024 }),
    source: Type.Optional(Type.String({ maxLength: 200 })),
    timestamp: Type.Optional(Type.String({ format: 'date-time' })),
    links: Type.Optional(Type.Array(Link, { maxItems: 20 })),
    custom_details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);

export const ChangeListQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) });

// PagerDuty's answers, as PagerDuty sends them.
export const PdAccepted = Type.Object({ status: Type.Literal('success'), message: Type.String(), dedup_key: Type.Optional(Type.String()) }, { description: 'Accepted' });
export const PdInvalid = Type.Object({ status: Type.String(), message: Type.String(), errors: Type.Array(Type.String()) }, { description: 'Invalid event (PagerDuty’s shape)' });

export const PdV1Accepted = Type.Object({ status: Type.Literal('success'), message: Type.String(), incident_key: Type.String() }, { description: 'Processed (v1 answers 200)' });
export const PdV1Throttled = Type.Object({ status: Type.String(), message: Type.String() }, { description: 'Too many events from this key this minute: retry after Retry-After seconds (v1 throttles with 403)' });
// Opsgenie's answers, as Opsgenie sends them.
export const OgAccepted = Type.Object({ result: Type.String(), took: Type.Number(), requestId: Type.String() }, { description: 'Request will be processed' });
const OgEnvelope = <T extends TSchema>(data: T, description: string) => Type.Object({ data, took: Type.Number(), requestId: Type.String() }, { description });
export const OgRequestStatus = OgEnvelope(
  Type.Object({
    success: Type.Boolean(),
    action: Type.String({ description: 'Create, Close, Acknowledge, AddNote, UpdateMessage or UpdateDescription' }),
    processedAt: Type.String(),
    integrationId: Type.String(),
    isSuccess: Type.Boolean(),
    status: Type.String(),
    alertId: Type.String(),
    alias: Type.String(),
  }),
  'How the request went (Opsgenie’s shape); Tocsin did the work before its 202',
);
const OgAlertData = Type.Object({
  id: Type.String(),
  alias: Type.String(),
  message: Type.String(),
  status: Type.String({ description: 'open or closed' }),
  acknowledged: Type.Boolean(),
  isSeen: Type.Boolean(),
  tags: Type.Array(Type.String()),
  snoozed: Type.Boolean(),
  count: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  source: Type.String(),
  owner: Type.String(),
  priority: Type.String(),
  responders: Type.Array(Type.Unknown()),
  integration: Type.Object({ id: Type.String(), name: Type.String(), type: Type.String() }),
  report: Type.Object({ ackTime: Type.Optional(Type.Integer()), closeTime: Type.Optional(Type.Integer()) }),
  entity: Type.String(),
  description: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
  tocsin: Type.Object({ incident_id: Nullable(Type.String()), service_id: Nullable(Type.String()) }, { description: 'Where the alert is in Tocsin' }),
});
export const OgAlert = OgEnvelope(OgAlertData, 'The alert as Opsgenie shows one');
export const OgAlertList = Type.Object(
  { data: Type.Array(OgAlertData), paging: Type.Object({ first: Type.String(), next: Type.Optional(Type.String()) }), took: Type.Number(), requestId: Type.String() },
  { description: 'The key’s alerts, newest first, as Opsgenie lists them' },
);
export const OgRefused = Type.Object(
  { message: Type.String(), took: Type.Number(), requestId: Type.String(), errors: Type.Optional(Type.Record(Type.String(), Type.String())) },
  { description: 'Refused (Opsgenie’s shape)' },
);

const MappedSeverity = oneOf(['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4', 'none'] as const, 'The incident severity it opens; none: an alert without an incident');
export const SeverityMapSchema = Type.Object(
  { critical: MappedSeverity, error: MappedSeverity, warning: MappedSeverity, info: MappedSeverity },
  { description: 'How sender severities map to incident severities on this service' },
);
export const SeverityMapBody = Type.Partial(SeverityMapSchema, { additionalProperties: false });

const ruleFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  service_id: Type.Optional(Nullable(Type.String({ maxLength: 100, description: 'Only this service’s events (default: any service)' }))),
  source: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100, description: 'An integration key id, or a key type: pagerduty, alertmanager, opsgenie, webhook (default: any)' }))),
  severity: Type.Optional(Nullable(SenderSeveritySchema)),
  match: Type.Optional(
    Type.Record(Type.String({ pattern: '^[A-Za-z0-9_.\\-\\[\\]$]{1,200}$' }), Type.String({ maxLength: 500 }), {
      maxProperties: 20,
      description: 'Field path → value the event’s field must equal, e.g. {"labels.env": "staging"} (paths into labels, annotations, custom_details, component, class, source, summary ...)',
    }),
  ),
  action: oneOf(['drop', 'quiet'] as const, 'drop: count the event and store nothing; quiet: keep the alert, open no incident, page nobody'),
};

export const NewRuleBody = Type.Object(ruleFields, { additionalProperties: false });

export const SuppressionRuleSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  service_id: Nullable(Type.String()),
  source: Nullable(Type.String()),
  severity: Nullable(SenderSeveritySchema),
  match: Type.Record(Type.String(), Type.String()),
  action: ruleFields.action,
  matched_events: Type.Integer({ description: 'Events the rule suppressed: counted, never silently lost' }),
  last_matched_at: Nullable(Time),
  created_by: Nullable(Type.String()),
  created_at: Time,
});
