import { Type } from 'typebox';
import { MAX_NAME_LENGTH, MAX_PASSWORD_LENGTH } from './model.js';

// TypeBox schemas of the users API: they validate input and describe it in OpenAPI.
// Length and format rules live in model.ts too, so offline callers get the same answers.

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
export const Time = Type.String({ format: 'date-time', description: 'RFC 3339, UTC' });
export const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const RoleSchema = Type.Union(
  [Type.Literal('viewer'), Type.Literal('responder'), Type.Literal('admin'), Type.Literal('owner')],
  { description: 'viewer < responder < admin < owner' },
);
const Email = Type.String({ minLength: 3, maxLength: 254, description: 'Stored lower-cased' });
const Name = Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH });
const Password = Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH, description: 'At least 8 characters' });
const TimeZone = Type.String({ minLength: 1, maxLength: 100, description: 'IANA time zone, e.g. Europe/Paris' });

export const UserSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  time_zone: Type.String(),
  role: RoleSchema,
  created_at: Time,
  updated_at: Time,
  deactivated_at: Nullable(Time),
});

export const SessionAnswer = Type.Object({ user: UserSchema, csrf_token: Nullable(Type.String()) });

export const NewUserBody = Type.Object(
  { email: Email, name: Name, role: RoleSchema, time_zone: Type.Optional(TimeZone), password: Type.Optional(Password) },
  { additionalProperties: false },
);

export const UserPatchBody = Type.Object(
  {
    name: Type.Optional(Name),
    time_zone: Type.Optional(TimeZone),
    role: Type.Optional(RoleSchema),
    password: Type.Optional(Password),
    current_password: Type.Optional(Type.String({ maxLength: MAX_PASSWORD_LENGTH, description: 'Needed to change your own password' })),
  },
  { additionalProperties: false },
);

export const SignInBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 254 }), password: Type.String({ maxLength: MAX_PASSWORD_LENGTH }) },
  { additionalProperties: false },
);

export const SetupBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }), name: Name, email: Email, password: Password, time_zone: Type.Optional(TimeZone) },
  { additionalProperties: false },
);

export const TokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the token, to tell tokens apart' }),
  created_at: Time,
  expires_at: Nullable(Time),
  last_used_at: Nullable(Time),
  revoked_at: Nullable(Time),
});

export const NewTokenBody = Type.Object(
  { name: Name, expires_at: Type.Optional(Nullable(Type.String({ maxLength: 40, description: 'RFC 3339; omit for never' }))) },
  { additionalProperties: false },
);

export const CreatedTokenSchema = Type.Object({
  ...TokenSchema.properties,
  token: Type.String({ description: 'The secret: shown only in this answer' }),
});

export const InviteBody = Type.Object({ email: Email, name: Name, role: RoleSchema, time_zone: Type.Optional(TimeZone) }, { additionalProperties: false });

export const InvitationSchema = Type.Object({
  user: UserSchema,
  invite_url: Type.String({ description: 'The one-time link that sets the password: shown only in this answer' }),
  expires_at: Time,
});

export const PendingInvitation = Type.Object({
  user_id: Type.String(),
  invited_by: Nullable(Type.String()),
  created_at: Time,
  expires_at: Time,
  expired: Type.Boolean({ description: 'The link no longer works; invite again for a new one' }),
});

export const InvitationView = Type.Object({
  name: Type.String(),
  email: Type.String(),
  expires_at: Time,
  valid: Type.Boolean({ description: 'False once it expired or the person was deactivated' }),
});

export const InviteTokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 100 }) });
export const AcceptInviteBody = Type.Object({ password: Password }, { additionalProperties: false });

export const NoContent = Type.Null({ description: 'Done' });
