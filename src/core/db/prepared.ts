import { CompiledQuery, PostgresAdapter, type Compilable, type Kysely, type QueryResult } from 'kysely';
import type { Dialect, Q } from './index.js';
import type { Tables } from './schema.js';

/**
 * A statement built with Kysely once per dialect and then replayed with new values, for the
 * statements that run on every page, step and alert. Building and compiling a Kysely query costs
 * as much CPU as SQLite takes to run it (bench:paging's profile: 30 to 40 µs a statement, a
 * fifth of a busy process); a replay is an array map.
 *
 * `build` receives stand-ins for the values (`p.id`, `p.fired_at` ...): each must reach the SQL
 * as one bound parameter, where a Kysely value goes (`where('id', '=', p.id)`, `values({ ... })`).
 * A list value (`where('id', 'in', p.ids)`) is a list of stand-ins of its length: each length
 * is a statement of its own (kept up to 16 items). A stand-in cannot decide the shape (no `$if`
 * on it, and no empty-list test inside `build`: the caller skips those); the dialect may
 * (`dialectOf(db)`). Constants written in `build` stay constant. Every stand-in used must be
 * given a value (null is one; undefined is refused), and nothing else (an insert's row with a
 * column the statement does not name is refused: see `standInRow`).
 */
export interface Prepared<P, O> {
  /** The result as Kysely gives it for a compiled query (rows, numAffectedRows). */
  run(q: Q, values: P): Promise<QueryResult<O>>;
  all(q: Q, values: P): Promise<O[]>;
  first(q: Q, values: P): Promise<O | undefined>;
  /** Rows inserted, updated or deleted (insert … on conflict do nothing: 0 when it did nothing). */
  affected(q: Q, values: P): Promise<number>;
}

const STAND_IN = '\u0000tocsin-stand-in:';

interface Shape {
  sql: string;
  /** Per parameter: the name of the value to bind, or a constant written in `build`. */
  slots: ({ name: string } | { constant: unknown })[];
  names: Set<string>;
}

export const dialectOf = (q: Q): Dialect => (q.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite');

/** An insert's row of stand-ins, one per column named (a value outside `columns` is refused when run). */
export function standInRow<R, C extends keyof R>(p: R, columns: readonly C[]): Pick<R, C> {
  return Object.fromEntries(columns.map((c) => [c, p[c]])) as Pick<R, C>;
}

/** Lists longer than this are not kept as shapes of their own (each call builds its statement). */
const MAX_KEPT_LIST = 16;

export function prepared<P extends object, O>(build: (db: Kysely<Tables>, p: P) => Compilable<O>): Prepared<P, O> {
  const shapes = new Map<string, Shape>();
  const make = (q: Q, lists: Map<string, number>): Shape => {
    // A list value stands in as a list of stand-ins of its length: `in (?, ?)` for two ids.
    const standIns = new Proxy({} as P, {
      get: (_, name) => {
        const n = lists.get(String(name));
        return n === undefined ? `${STAND_IN}${String(name)}` : Array.from({ length: n }, (_, i) => `${STAND_IN}${String(name)}#${i}`);
      },
    });
    const compiled = build(q as Kysely<Tables>, standIns).compile();
    const slots: Shape['slots'] = compiled.parameters.map((v) => (typeof v === 'string' && v.startsWith(STAND_IN) ? { name: v.slice(STAND_IN.length) } : { constant: v }));
    const names = new Set(slots.flatMap((s) => ('name' in s ? [s.name.split('#')[0]!] : [])));
    for (const name of lists.keys()) names.add(name); // an empty list has no slot, yet a place
    return { sql: compiled.sql, slots, names };
  };
  const shapeFor = (q: Q, values: Record<string, unknown>): Shape => {
    let key: string = dialectOf(q);
    let lists: Map<string, number> | undefined;
    for (const name in values) {
      const v = values[name];
      if (!Array.isArray(v)) continue;
      (lists ??= new Map()).set(name, v.length);
      key += `|${name}:${v.length}`;
    }
    let shape = shapes.get(key);
    if (!shape) {
      shape = make(q, lists ?? new Map());
      if ([...(lists?.values() ?? [])].every((n) => n <= MAX_KEPT_LIST)) shapes.set(key, shape);
    }
    return shape;
  };
  const valueOf = (values: Record<string, unknown>, name: string): unknown => {
    const hash = name.indexOf('#');
    return hash < 0 ? values[name] : (values[name.slice(0, hash)] as unknown[])[Number(name.slice(hash + 1))];
  };
  const run = async (q: Q, given: P): Promise<QueryResult<O>> => {
    const values = given as Record<string, unknown>;
    const shape = shapeFor(q, values);
    // A value the statement has no place for (a row with a column the insert leaves out) is a
    // mistake that would otherwise vanish silently.
    for (const key in values) if (!shape.names.has(key) && values[key] !== undefined) throw new TypeError(`prepared statement: ${key} has no place in ${shape.sql}`);
    const params = shape.slots.map((slot) => {
      if (!('name' in slot)) return slot.constant;
      const v = valueOf(values, slot.name);
      if (v === undefined) throw new TypeError(`prepared statement: no value for ${slot.name} in ${shape.sql}`);
      return v;
    });
    return q.executeQuery(CompiledQuery.raw(shape.sql, params) as CompiledQuery<O>);
  };
  return {
    run,
    all: async (q, values) => (await run(q, values)).rows,
    first: async (q, values) => (await run(q, values)).rows[0],
    affected: async (q, values) => Number((await run(q, values)).numAffectedRows ?? 0),
  };
}
