import type { Static } from 'typebox';
import { toIso } from '../core/clock.js';
import type * as S from './schemas.js';
import type { TeamsTable } from './tables.js';
import { ValidationError } from '../core/errors.js';

// Teams: pure rules and JSON shape. No I/O, no clock.

/** As the API shows it; the TypeBox schema is the one definition. */
export type Team = Static<typeof S.TeamSchema>;

export const MAX_DESCRIPTION_LENGTH = 5000;

export const toTeamJson = (r: TeamsTable, memberIds: string[]): Team => ({
  id: r.id,
  name: r.name,
  description: r.description,
  member_ids: [...memberIds].sort(),
  created_at: toIso(r.created_at)!,
  updated_at: toIso(r.updated_at)!,
});

export function checkDescription(raw: string, field = 'description'): string {
  const text = raw.trim();
  if (text.length > MAX_DESCRIPTION_LENGTH) throw new ValidationError(`${field} must be at most ${MAX_DESCRIPTION_LENGTH} characters`, field);
  return text;
}

/** Ids given once each, in order. */
export const uniqueIds = (ids: readonly string[]): string[] => [...new Set(ids)];

/** Throws naming `field` when some id is not among `known`. */
export function requireKnown(ids: readonly string[], known: ReadonlySet<string>, field: string, what: string): void {
  const missing = ids.find((id) => !known.has(id));
  if (missing !== undefined) throw new ValidationError(`${field}: there is no ${what} ${missing}`, field);
}
