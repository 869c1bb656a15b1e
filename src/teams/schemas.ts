import { Type } from 'typebox';
import { MAX_NAME_LENGTH } from '../users/model.js';
import { Time } from '../users/schemas.js';
import { MAX_DESCRIPTION_LENGTH } from './model.js';

export const IdList = (description: string) => Type.Array(Type.String({ maxLength: 100 }), { maxItems: 500, description });

export const TeamSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  member_ids: Type.Array(Type.String()),
  created_at: Time,
  updated_at: Time,
});

const fields = {
  name: Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH }),
  description: Type.String({ maxLength: MAX_DESCRIPTION_LENGTH }),
  member_ids: IdList('User ids; replaces the whole set'),
};

export const NewTeamBody = Type.Object(
  { name: fields.name, description: Type.Optional(fields.description), member_ids: Type.Optional(fields.member_ids) },
  { additionalProperties: false },
);

export const TeamPatchBody = Type.Object(
  { name: Type.Optional(fields.name), description: Type.Optional(fields.description), member_ids: Type.Optional(fields.member_ids) },
  { additionalProperties: false },
);
