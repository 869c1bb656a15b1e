import { createRequire } from 'node:module';
import type { SqliteDatabase } from 'kysely';

/**
 * The embedded database driver. On Node with a complete built-in `node:sqlite` (22.16+, so the
 * 24 LTS) Tocsin uses it; on Node 20 it uses better-sqlite3 12. better-sqlite3 12 aborts the
 * process on Node 24 (its statement destructor trips a Node assertion during garbage
 * collection), and 13, which fixes that, crashes on Node 20: see docs/decisions.md.
 */
export interface SqliteHandle extends SqliteDatabase {
  /** Runs statements that return nothing (pragmas, BEGIN ...). */
  exec(sql: string): void;
  readonly driver: 'node:sqlite' | 'better-sqlite3';
}

interface NodeStatement {
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  iterate(...params: unknown[]): IterableIterator<unknown>;
  columns(): unknown[];
}
interface NodeSqlite {
  DatabaseSync: new (path: string) => { prepare(sql: string): NodeStatement; exec(sql: string): void; close(): void };
}

function builtinSqlite(): NodeSqlite | null {
  try {
    const mod = process.getBuiltinModule?.('node:sqlite') as NodeSqlite | undefined;
    // columns() (22.16+) tells a reading statement from a writing one, which Kysely needs.
    const probe = mod && new mod.DatabaseSync(':memory:');
    const ok = probe && typeof probe.prepare('select 1').columns === 'function';
    probe?.close();
    return ok ? mod! : null;
  } catch {
    return null;
  }
}

const builtin = process.env.TOCSIN_SQLITE_DRIVER === 'better-sqlite3' ? null : builtinSqlite();

const PRIMARY: Record<number, string> = { 1: 'ERROR', 5: 'BUSY', 6: 'LOCKED', 8: 'READONLY', 10: 'IOERR', 11: 'CORRUPT', 13: 'FULL', 14: 'CANTOPEN', 19: 'CONSTRAINT' };
const EXTENDED: Record<number, string> = { 2067: 'CONSTRAINT_UNIQUE', 1555: 'CONSTRAINT_PRIMARYKEY', 787: 'CONSTRAINT_FOREIGNKEY', 275: 'CONSTRAINT_CHECK', 1299: 'CONSTRAINT_NOTNULL', 517: 'BUSY_SNAPSHOT', 261: 'BUSY_RECOVERY', 773: 'BUSY_TIMEOUT' };

/** Gives node:sqlite errors better-sqlite3's codes (`SQLITE_BUSY` ...), so callers check one set. */
function translated<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const e = err as { code?: string; errcode?: number };
    if (e && e.code === 'ERR_SQLITE_ERROR' && typeof e.errcode === 'number') {
      const name = EXTENDED[e.errcode] ?? PRIMARY[e.errcode & 0xff] ?? 'ERROR';
      Object.defineProperty(e, 'code', { value: `SQLITE_${name}`, configurable: true, writable: true });
    }
    throw err;
  }
}

function openBuiltin(mod: NodeSqlite, path: string): SqliteHandle {
  const db = translated(() => new mod.DatabaseSync(path));
  return {
    driver: 'node:sqlite',
    exec: (sql) => translated(() => db.exec(sql)),
    close: () => db.close(),
    prepare(sql) {
      const stmt = translated(() => db.prepare(sql));
      return {
        reader: stmt.columns().length > 0,
        all: (params) => translated(() => stmt.all(...params)),
        run: (params) => translated(() => stmt.run(...params)),
        iterate: (params) => translated(() => stmt.iterate(...params)),
      };
    },
  };
}

function openBetterSqlite(path: string): SqliteHandle {
  const BetterSqlite = createRequire(import.meta.url)('better-sqlite3') as new (p: string) => SqliteDatabase & {
    exec(sql: string): void;
  };
  const db = new BetterSqlite(path);
  return Object.assign(db, { driver: 'better-sqlite3' as const });
}

/** The driver openSqliteHandle uses in this process. */
export const sqliteDriverName = (): SqliteHandle['driver'] => (builtin ? 'node:sqlite' : 'better-sqlite3');

/** Opens a SQLite file (or `:memory:`) with whichever driver this Node supports. */
export function openSqliteHandle(path: string): SqliteHandle {
  return withStatementCache(builtin ? openBuiltin(builtin, path) : openBetterSqlite(path));
}

/** Prepared statements kept per connection (the most recently used). */
const STATEMENT_CACHE_SIZE = 500;
/**
 * Batches are not kept: statements with many parameters (`in (?, ?, ...)` over a thousand ids,
 * multi-row inserts) whose text differs with every batch size; kept they held about 60 MB at
 * 20,000 monitors (bench:monitors' RSS per monitor went from 254 B to 3.4 KB). A long statement
 * with few parameters is one text run again and again (an incident lookup of 1,169 characters
 * was prepared for every commit group of the intake, 0.24 ms each): kept.
 */
const CACHED_STATEMENT_MAX_CHARS = 1_000;
const CACHED_LONG_STATEMENT_MAX_PARAMETERS = 32;

/** Whether a statement is worth keeping: short, or long with few parameters (not a batch). */
export function keepsPrepared(sql: string): boolean {
  if (sql.length <= CACHED_STATEMENT_MAX_CHARS) return true;
  let parameters = 0;
  for (let i = sql.indexOf('?'); i !== -1; i = sql.indexOf('?', i + 1)) if (++parameters > CACHED_LONG_STATEMENT_MAX_PARAMETERS) return false;
  return true;
}

/**
 * Keeps prepared statements for reuse: Kysely prepares every statement it runs, and preparing
 * (parsing and planning the SQL) was a seventh of the CPU of an alert intake request. SQLite
 * re-plans a kept statement by itself when the schema changes.
 */
function withStatementCache(handle: SqliteHandle): SqliteHandle {
  const cache = new Map<string, ReturnType<SqliteHandle['prepare']>>();
  const prepare = handle.prepare.bind(handle);
  return Object.assign(handle, {
    prepare(sql: string) {
      if (!keepsPrepared(sql)) return prepare(sql);
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql); // most recently used last: the first key is the one to drop
      } else {
        stmt = prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  });
}
