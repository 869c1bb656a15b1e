import { Type } from 'typebox';
import { Nullable, Time } from '../../users/schemas.js';
import { CHANNEL_NAMES } from '../content.js';
import { MAX_ADDRESS_LENGTH, MAX_LABEL_LENGTH } from './model.js';
import { PROBLEM_CODES } from './model.readiness.js';
import { IdListParam } from '../../core/lists.js';

// TypeBox schemas of the contacts API: they validate input and describe the OpenAPI document.

const Id = Type.String({ minLength: 1, maxLength: 100 });
const Channel = Type.Enum([...CHANNEL_NAMES], { type: 'string', description: 'email, sms, voice, push or chat' });
const Urgency = Type.Enum(['high', 'low'], { type: 'string', description: 'high: SEV-1 and SEV-2 (and SEV-3 in business hours); low: the rest' });
const Label = Type.String({ maxLength: MAX_LABEL_LENGTH, description: 'Your name for it, e.g. "Work phone"' });

export const NewMethodBody = Type.Object(
  {
    channel: Channel,
    address: Type.String({
      minLength: 1,
      maxLength: MAX_ADDRESS_LENGTH,
      description: 'email: an address; sms, voice: a phone number in international format (+44 7911 123456), or national with `country`; push: the subscription endpoint; chat: the incoming-webhook https URL',
    }),
    country: Type.Optional(Type.String({ minLength: 2, maxLength: 2, description: 'ISO 3166 region of a national phone number, e.g. GB' })),
    label: Type.Optional(Label),
    details: Type.Optional(
      Nullable(
        Type.Object(
          {
            keys: Type.Optional(Type.Object({ p256dh: Type.String({ maxLength: 512 }), auth: Type.String({ maxLength: 512 }) }, { additionalProperties: false })),
            format: Type.Optional(Type.String({ maxLength: 20, description: 'chat: slack, teams, discord, mattermost or google_chat' })),
          },
          { additionalProperties: false, description: 'push: the subscription keys; chat: the format' },
        ),
      ),
    ),
  },
  { additionalProperties: false },
);

export const MethodPatchBody = Type.Object({ label: Label }, { additionalProperties: false });
export const VerifyBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 20, description: 'The 6-digit code sent to the method' }) }, { additionalProperties: false });

export const MethodSchema = Type.Object({
  id: Type.String(),
  user_id: Type.String(),
  channel: Channel,
  address: Type.String(),
  label: Type.String(),
  details: Nullable(Type.Record(Type.String(), Type.Unknown())),
  verified: Type.Boolean(),
  verified_at: Nullable(Time),
  disabled_at: Nullable(Type.String({ format: 'date-time', description: 'Set when the address is gone (a push subscription its service dropped): not paged' })),
  code_expires_at: Nullable(Type.String({ format: 'date-time', description: 'When the code last sent stops working (unverified methods)' })),
  code_attempts_left: Type.Integer(),
  created_at: Time,
  updated_at: Time,
});
export const MethodList = Type.Object({ items: Type.Array(MethodSchema), next_cursor: Type.Null() });

export const NewRuleBody = Type.Object(
  { contact_method_id: Id, urgency: Urgency, delay_minutes: Type.Integer({ minimum: 0, maximum: 1440, description: 'Minutes after the page starts' }) },
  { additionalProperties: false },
);
export const RuleSchema = Type.Object({ id: Type.String(), contact_method_id: Type.String(), channel: Channel, urgency: Urgency, delay_minutes: Type.Integer(), created_at: Time });
export const RuleList = Type.Object({ items: Type.Array(RuleSchema), next_cursor: Type.Null() });

export const TestPageBody = Type.Object({ contact_method_id: Type.Optional(Id) }, { additionalProperties: false });
export const ChannelsAnswer = Type.Object({
  items: Type.Array(Type.Object({ channel: Channel, configured: Type.Boolean({ description: 'This server is set up to send on it (chat needs nothing set up)' }) })),
});

export const TestPageAnswer = Type.Object({
  messages: Type.Array(Type.Object({ id: Type.String({ description: 'The outbox message' }), contact_method_id: Type.String(), channel: Channel })),
  not_sent: Type.Array(Type.Object({ contact_method_id: Type.String(), channel: Channel, reason: Type.String() }), {
    description: 'Verified methods on a channel this server does not send on (its settings were removed): no page can reach them',
  }),
});

const Problem = Type.Object({
  code: Type.Enum([...PROBLEM_CODES], { type: 'string' }),
  message: Type.String(),
  contact_method_id: Type.Optional(Type.String()),
  channel: Type.Optional(Channel),
});
const UrgencyReadiness = Type.Object({
  reachable: Type.Boolean(),
  first_minutes: Nullable(Type.Integer({ description: 'Minutes after the page of the first step that can reach the person' })),
  methods: Type.Array(
    Type.Object({ contact_method_id: Type.String(), channel: Channel, label: Type.String(), delay_minutes: Type.Integer(), usable: Type.Boolean({ description: 'Verified, not disabled, channel configured on this server' }) }),
  ),
  problems: Type.Array(Problem),
});
export const UserReadiness = Type.Object({ user_id: Type.String(), name: Type.String(), high: UrgencyReadiness, low: UrgencyReadiness });

export const PeopleReadinessQuery = Type.Object({ user_ids: IdListParam('user ids') });
export const PeopleReadiness = Type.Object({ items: Type.Array(UserReadiness) });

export const GroupReadiness = Type.Object({
  people: Type.Integer({ description: 'How many people it targets' }),
  unreachable: Type.Array(
    Type.Object({
      user_id: Type.String(),
      name: Type.String(),
      targeted_by: Type.Array(Type.String({ description: 'e.g. "tier 1: schedule Checkout"' })),
      problems: Type.Array(Problem),
    }),
    { description: 'People it targets who cannot be reached for high urgency, and why' },
  ),
});
