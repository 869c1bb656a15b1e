import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, sql, type Dialect as KyselyDialect, type Transaction } from 'kysely';
import type pg from 'pg';
import type { Tables } from './schema.js';
import { startCheckpointer, type Checkpointer } from './checkpointer.js';
import { pgDriver } from './pg-driver.js';
import { openSqliteHandle, type SqliteHandle } from './sqlite.js';
import { inTimeSlices } from './time-slices.js';
import { sqlitePath } from './url.js';

export type Dialect = 'sqlite' | 'postgres';
/** A query runner: the root handle or an open transaction. Stores take this. */
export type Q = Kysely<Tables> | Transaction<Tables>;

export interface Database {
  kysely: Kysely<Tables>;
  dialect: Dialect;
  url: string;
  /** Runs fn in one transaction; everything a use case writes goes through here. */
  tx<T>(fn: (q: Transaction<Tables>) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  /** SQLite files only: the WAL's size now, and whether a worker checkpoints it (checkpointer.ts). */
  wal?(): { bytes: number; backgroundCheckpoints: boolean };
  close(): Promise<void>;
}

export { sqlitePath } from './url.js';

export interface OpenOptions {
  /** SQLite `synchronous` level; FULL survives power loss, NORMAL survives process crashes. */
  sqliteSynchronous?: 'FULL' | 'NORMAL';
  poolSize?: number;
  /** How long a SQLite statement waits for a lock held by another connection (default 5000 ms). */
  sqliteBusyTimeoutMs?: number;
  /**
   * SQLite: checkpoint the WAL from a worker thread (checkpointer.ts) instead of inside the
   * commit that fills it. The server sets it; short-lived commands and tests leave it off.
   */
  sqliteBackgroundCheckpoints?: boolean;
  /** PostgreSQL: the longest one statement may take, on the server and as seen by the client (default 10 s). */
  queryTimeoutMs?: number;
  /** PostgreSQL: the longest a new connection (or a free one from a full pool) may take (default 5 s). */
  connectTimeoutMs?: number;
}

export function openDatabase(url: string, opts: OpenOptions = {}): Database {
  if (url.startsWith('sqlite:')) return openSqlite(url, opts);
  return openPostgres(url, opts);
}

function wrap(kysely: Kysely<Tables>, dialect: Dialect, url: string): Database {
  return {
    kysely,
    dialect,
    url,
    tx: (fn) => kysely.transaction().execute(fn),
    ping: async () => {
      await sql`select 1`.execute(kysely);
    },
    close: () => kysely.destroy(),
  };
}

/** SQLite handles open in this process, per database file (time-slices.ts slices only a lone one). */
const handlesOn = new Map<string, number>();

function openSqlite(url: string, opts: OpenOptions): Database {
  const path = sqlitePath(url);
  const file = path === ':memory:' ? null : resolve(path);
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    handlesOn.set(file, (handlesOn.get(file) ?? 0) + 1);
  }
  const handle = openSqliteHandle(path);
  handle.exec('PRAGMA journal_mode = WAL');
  handle.exec(`PRAGMA synchronous = ${opts.sqliteSynchronous ?? 'FULL'}`);
  handle.exec('PRAGMA foreign_keys = ON');
  handle.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(opts.sqliteBusyTimeoutMs ?? 5000))}`);
  const checkpointer = file && opts.sqliteBackgroundCheckpoints ? backgroundCheckpoints(handle, file, opts) : null;
  const alone = () => file === null || handlesOn.get(file) === 1;
  const kysely = new Kysely<Tables>({ dialect: immediateTransactions(new SqliteDialect({ database: handle }), alone) });
  const db = wrap(kysely, 'sqlite', url);
  let open = true;
  return {
    ...db,
    ...(file ? { wal: () => ({ bytes: statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0, backgroundCheckpoints: checkpointer?.running() ?? false }) } : {}),
    close: async () => {
      if (open && file) handlesOn.set(file, handlesOn.get(file)! - 1);
      open = false;
      await checkpointer?.stop();
      await db.close();
    },
  };
}

/** WAL pages (64 MB) past which the server's own connection checkpoints what the worker has not (checkpointer.ts). */
const WAL_FRAMES_BEFORE_CATCH_UP = 16_384;

/** A worker checkpoints; the connection only catches up past a long WAL, and as by default should the worker go. */
function backgroundCheckpoints(handle: SqliteHandle, file: string, opts: OpenOptions): Checkpointer {
  handle.exec(`PRAGMA wal_autocheckpoint = ${WAL_FRAMES_BEFORE_CATCH_UP}`);
  // The WAL file is reused from its start after each checkpoint; past 64 MB it is cut back then.
  handle.exec('PRAGMA journal_size_limit = 67108864');
  return startCheckpointer(file, {
    busyTimeoutMs: opts.sqliteBusyTimeoutMs,
    onLost: (err) => {
      handle.exec('PRAGMA wal_autocheckpoint = 1000');
      process.emitWarning(`SQLite checkpoints are back in the commits: ${err instanceof Error ? err.message : String(err)}`);
    },
  });
}

/**
 * SQLite transactions that take the write lock when they begin (`BEGIN IMMEDIATE`). A deferred
 * transaction that read first and writes later fails at once with SQLITE_BUSY when another
 * connection wrote in between (its snapshot is stale, so waiting cannot help); an immediate one
 * waits its turn (busy_timeout) and then reads fresh data. Readers are never blocked (WAL).
 * Long runs of statements let the event loop in every few milliseconds (time-slices.ts).
 */
function immediateTransactions(base: SqliteDialect, alone: () => boolean): KyselyDialect {
  return {
    createAdapter: () => base.createAdapter(),
    createIntrospector: (db) => base.createIntrospector(db),
    createQueryCompiler: () => base.createQueryCompiler(),
    createDriver: () => {
      const driver = base.createDriver();
      const acquire = driver.acquireConnection.bind(driver);
      driver.acquireConnection = async () => inTimeSlices(await acquire(), alone);
      driver.beginTransaction = async (connection) => void (await connection.executeQuery(CompiledQuery.raw('begin immediate')));
      return driver;
    },
  };
}

function openPostgres(url: string, opts: OpenOptions): Database {
  const queryTimeoutMs = opts.queryTimeoutMs ?? 10_000;
  const pool = new (pgDriver().Pool)({
    connectionString: url,
    max: opts.poolSize ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5_000,
    // The server cancels a statement that runs too long; the client gives up a little later on a
    // server that does not answer at all (a network that holds packets, a frozen host).
    statement_timeout: queryTimeoutMs,
    query_timeout: queryTimeoutMs + 1_000,
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  // Nor may a checked-out client whose server goes away between queries (it would emit 'error'
  // with no listener); its next query fails instead, and the pool discards it on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const kysely = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: discardingBroken(pool) }) });
  return wrap(kysely, 'postgres', url);
}

/**
 * A client whose query timed out or lost its connection may be stuck mid-protocol: it must not
 * go back to the pool, or the next request would queue behind the dead query. Kysely releases
 * clients without an error, so the pool is told here.
 */
function discardingBroken(pool: pg.Pool): pg.Pool {
  const broken = new WeakSet<pg.PoolClient>();
  const patched = new WeakSet<pg.PoolClient>();
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  const watch = (client: pg.PoolClient) => {
    if (patched.has(client)) return;
    patched.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const result = query(...args);
      if (result instanceof Promise) result.catch((err: unknown) => void (isDatabaseDown(err) && broken.add(client)));
      return result;
    };
  };
  (pool as { connect: unknown }).connect = async () => {
    const client = await connect();
    watch(client);
    const release = client.release.bind(client);
    client.release = (err?: Error | boolean) => release(err || (broken.has(client) ? true : undefined));
    return client;
  };
  return pool;
}

/** Errors that mean "the database is not reachable right now" rather than a bug. */
export function isDatabaseDown(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: string }).code ?? '';
  // 3D000: the database does not exist (renamed away, not created yet); 57014: statement_timeout.
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '53300', '08006', '08001', '08003', '08004', '3D000', '57014'].includes(code)) {
    return true;
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_BUSY')) return true;
  // "is not currently accepting connections" (55000) is a database closed to connections by an operator.
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|database connection is not open|driver has already been destroyed|Client has encountered a connection error|is not currently accepting connections/i.test(
    err.message,
  );
}

/**
 * PostgreSQL gave up this transaction (or its savepoint) for another's sake: a deadlock (40P01)
 * or a serialization failure (40001). Nothing it wrote stays, and the same work run again
 * usually goes through.
 */
export function isTransientConflict(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/** A unique-constraint violation from either dialect (a duplicate that slipped past a check). */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** A foreign-key violation from either dialect: a referenced row went away under a write. */
export function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/**
 * Serialises every transaction that takes the same named lock until it ends: for invariants
 * that span rows ("always an active owner", "no dependency cycle"), where a check that reads
 * before it writes would race. PostgreSQL: a transaction-scoped advisory lock. SQLite: the
 * database write lock, taken by a write that changes nothing (SQLite has one writer at a time).
 */
export async function lockNamed(q: Q, dialect: Dialect, name: string): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${name}))`.execute(q);
  else await sql`update counters set value = value where 0`.execute(q);
}
