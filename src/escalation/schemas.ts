import { Type } from 'typebox';
import { Severity } from '../incidents/schemas.js';
import { Nullable, Time } from '../users/schemas.js';
import { MAX_ACK_TIMEOUT_MINUTES, MAX_DELAY_MINUTES, MAX_REPEAT, MAX_TARGETS, MAX_TIERS, TARGET_KINDS } from './model.js';

// TypeBox schemas of the escalation API: they validate input and describe the OpenAPI document.

const Id = Type.String({ minLength: 1, maxLength: 100 });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Kind = Type.Enum([...TARGET_KINDS], { type: 'string', description: 'user, schedule (its on-call), team (its members) or incident_commander' });

export const TargetBody = Type.Object(
  { kind: Kind, id: Type.Optional(Nullable(Id)) },
  { additionalProperties: false, description: 'Whom a tier reaches; `id` names the user, schedule or team (none for incident_commander)' },
);

const TierBody = Type.Object(
  {
    position: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Orders the tiers (default: the order given)' })),
    delay_minutes: Type.Integer({ minimum: 0, maximum: MAX_DELAY_MINUTES, description: 'Minutes after the incident opens; never less than the tier before' }),
    severities: Type.Optional(Nullable(Type.Array(Severity, { maxItems: 4, description: 'Only for these severities; null or absent: every severity' }))),
    targets: Type.Array(TargetBody, { maxItems: MAX_TARGETS }),
  },
  { additionalProperties: false },
);

const Tiers = Type.Array(TierBody, { maxItems: MAX_TIERS });
const common = {
  team_id: Type.Optional(Nullable(Id)),
  repeat_count: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_REPEAT, description: 'How many more times the whole policy runs after its last tier' })),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  ack_timeout_minutes: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: MAX_ACK_TIMEOUT_MINUTES, description: 'An acknowledged incident not mitigated or resolved within this many minutes pages again from the first tier; null: never' }))),
};

export const NewPolicyBody = Type.Object(
  {
    name: Name,
    ...common,
    tiers: Type.Optional(Tiers),
    template: Type.Optional(Type.Literal('default', { description: 'The seed’s default policy, built from `targets` instead of `tiers`' })),
    targets: Type.Optional(
      Type.Object(
        { primary: TargetBody, secondary: TargetBody, management: TargetBody, executives: TargetBody },
        { additionalProperties: false, description: 'For the default template: tier 1 (0 min), tier 2 (5 min), tier 3 (15 min, SEV-1 only), tier 4 (30 min, SEV-1 only)' },
      ),
    ),
  },
  { additionalProperties: false },
);

export const PolicyPatchBody = Type.Object({ name: Type.Optional(Name), ...common, tiers: Type.Optional(Tiers) }, { additionalProperties: false });

const TargetSchema = Type.Object({ kind: Kind, id: Nullable(Type.String()), name: Nullable(Type.String({ description: 'null: the target no longer exists' })) });

export const PolicySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  team_id: Nullable(Type.String()),
  repeat_count: Type.Integer(),
  ack_timeout_minutes: Nullable(Type.Integer({ description: 'Minutes an acknowledgement holds before paging again; null: it holds until resolved' })),
  description: Type.String(),
  tiers: Type.Array(Type.Object({ position: Type.Integer(), delay_minutes: Type.Integer(), severities: Nullable(Type.Array(Severity)), targets: Type.Array(TargetSchema) })),
  services: Type.Array(Type.Object({ id: Type.String(), name: Type.String() }), { description: 'The services whose incidents it escalates, by name; empty: it pages for no service' }),
  created_at: Time,
  updated_at: Time,
});

export const OnCallQuery = Type.Object({
  at: Type.Optional(Type.String({ maxLength: 40, description: 'RFC 3339 (default: now)' })),
  severity: Type.Optional(Severity),
});

const Person = Type.Object({ user_id: Type.String(), user_name: Type.String() });

export const PolicyOnCallSchema = Type.Object({
  policy: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  service: Type.Optional(Type.Object({ id: Type.String(), name: Type.String() })),
  at: Time,
  tiers: Type.Array(
    Type.Object({
      position: Type.Integer(),
      delay_minutes: Type.Integer(),
      severities: Nullable(Type.Array(Severity)),
      applies: Type.Boolean({ description: 'false: the tier’s severity condition leaves out the `severity` asked about' }),
      targets: Type.Array(Type.Object({ kind: Kind, id: Nullable(Type.String()), name: Nullable(Type.String()), people: Type.Array(Person), gap: Nullable(Type.String({ description: 'Why this target reaches nobody' })) })),
      people: Type.Array(Person, { description: 'Everyone the tier reaches, once each' }),
    }),
  ),
});

export const AttachBody = Type.Object({ policy_id: Nullable(Id) }, { additionalProperties: false });
export const AttachAnswer = Type.Object({ service_id: Type.String(), policy: Nullable(Type.Object({ id: Type.String(), name: Type.String() })) });
