import { Type } from 'typebox';
import { IdList } from '../teams/schemas.js';
import { MAX_DESCRIPTION_LENGTH } from '../teams/model.js';
import { MAX_NAME_LENGTH } from '../users/model.js';
import { Nullable, Time } from '../users/schemas.js';

export const ServiceSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  owner_team_id: Nullable(Type.String()),
  runbook_url: Nullable(Type.String()),
  expert_ids: Type.Array(Type.String()),
  dependency_ids: Type.Array(Type.String()),
  created_at: Time,
  updated_at: Time,
});

const optional = {
  description: Type.Optional(Type.String({ maxLength: MAX_DESCRIPTION_LENGTH })),
  owner_team_id: Type.Optional(Nullable(Type.String({ maxLength: 100, description: 'The team that owns the service' }))),
  runbook_url: Type.Optional(Nullable(Type.String({ maxLength: 2000, description: 'http(s) link to the runbook' }))),
  expert_ids: Type.Optional(IdList('Subject-matter experts (user ids); replaces the whole set')),
  dependency_ids: Type.Optional(IdList('Services this one depends on; replaces the whole set; no cycles')),
};
const Name = Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH, description: 'Unique, regardless of case' });

export const NewServiceBody = Type.Object({ name: Name, ...optional }, { additionalProperties: false });
export const ServicePatchBody = Type.Object({ name: Type.Optional(Name), ...optional }, { additionalProperties: false });
