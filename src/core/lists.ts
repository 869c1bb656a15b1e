import { Type, type Static, type TSchema } from 'typebox';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { ValidationError } from './errors.js';

// Keyset pagination shared by the name-ordered lists (users, teams, services):
// `?limit=&cursor=&q=` → `{ items, next_cursor }`, ordered by name then id.

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export const ListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })),
  cursor: Type.Optional(Type.String({ maxLength: 1000, description: 'next_cursor from the previous page' })),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Case-insensitive text in the name' })),
});
export type ListQuery = Static<typeof ListQuery>;

export const pageSchema = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), next_cursor: Type.Union([Type.String(), Type.Null()]) });

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/** The position after the last row of a page: its name and id. */
export interface NameKey {
  name: string;
  id: string;
}

export interface ListInput {
  limit: number;
  after: NameKey | null;
  q: string | null;
}

export const encodeCursor = (k: NameKey): string => Buffer.from(JSON.stringify([k.name, k.id])).toString('base64url');

export function decodeCursor(raw: string): NameKey {
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') {
      return { name: v[0], id: v[1] };
    }
  } catch {
    // fall through
  }
  throw new ValidationError('cursor is not one this server gave out', 'cursor');
}

/** Turns the query string into what a store needs. */
export function toListInput(q: ListQuery): ListInput {
  const text = q.q?.trim();
  return {
    limit: q.limit ?? DEFAULT_LIMIT,
    after: q.cursor ? decodeCursor(q.cursor) : null,
    q: text ? text : null,
  };
}

/** Stores fetch `limit + 1` rows; the extra row only says another page exists. `cursorOf` the last row shown. */
export function pageOf<R, T>(rows: R[], limit: number, shape: (r: R) => T, cursorOf: (last: R) => string): Page<T> {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { items: page.map(shape), next_cursor: more && last ? cursorOf(last) : null };
}

/** pageOf for the name-ordered lists. */
export const toPage = <R extends NameKey, T>(rows: R[], limit: number, shape: (r: R) => T): Page<T> => pageOf(rows, limit, shape, encodeCursor);

/** A LIKE pattern for "contains", lower-cased, with `!` escaping the wildcards (`escape '!'`). */
export const containsPattern = (text: string): string => `%${text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;

/** `WHERE` parts for a single-table query on `name`/`id` columns. */
export const afterKeySql = (k: NameKey): RawBuilder<SqlBool> =>
  sql<SqlBool>`(name > ${k.name} or (name = ${k.name} and id > ${k.id}))`;

export const nameContainsSql = (text: string): RawBuilder<SqlBool> =>
  sql<SqlBool>`lower(name) like ${containsPattern(text)} escape '!'`;

/** Ids one request may name in a comma list (`?incident_ids=`, `?user_ids=`): a screenful, with room. */
export const MAX_IDS_PER_REQUEST = 100;

/**
 * A comma list of ids from a query parameter (a list screen asking about its rows at once):
 * trimmed, blanks dropped, each once. A bad list is refused naming `field`, so a client's mistake
 * does not read as "nothing there".
 */
export function idList(raw: string, field: string): string[] {
  const ids = [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
  if (ids.length === 0) throw new ValidationError(`${field} must name at least one id`, field);
  if (ids.length > MAX_IDS_PER_REQUEST) throw new ValidationError(`${field} may name at most ${MAX_IDS_PER_REQUEST} ids (got ${ids.length})`, field);
  const long = ids.find((id) => id.length > 100);
  if (long) throw new ValidationError(`${field} holds an id longer than 100 characters: ${long.slice(0, 20)}…`, field);
  return ids;
}

/** The query parameter idList reads, for a route's schema. */
export const IdListParam = (description: string) => Type.String({ minLength: 1, maxLength: 5000, description: `Comma list of ${description}, at most ${MAX_IDS_PER_REQUEST}` });
