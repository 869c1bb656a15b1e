/**
 * SQL snapshots (npm run sql): the SQL every store function compiles, for both dialects, kept
 * as `store.sqlite.sql` and `store.postgres.sql` beside each `store.ts` so that a change to a
 * query shows up in review as a change to readable SQL. No database is needed: each example call
 * runs against a Kysely instance on a DummyDriver that records what it is asked to execute.
 * Stores are found by globbing src/ for `store.ts`; their examples live beside them in
 * `store.sql-examples.ts` (see docs/development.md). This file imports no domain.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type DialectAdapter,
  type QueryCompiler,
} from 'kysely';
import type { Dialect, Q } from './index.js';
import type { Tables } from './schema.js';
import { formatSql, literal } from './sql-format.js';

type Args<F> = F extends (q: never, ...args: infer A) => unknown ? A : never;
/** One example call: the arguments after `q`, or a function of the dialect returning them. */
export type SqlExample<F> = Args<F> | ((dialect: Dialect) => Args<F>);
/** Every exported function of a store, with one or more example calls each. */
export type SqlExamples<S> = {
  [K in keyof S as S[K] extends (...args: never[]) => unknown ? K : never]: readonly [SqlExample<S[K]>, ...SqlExample<S[K]>[]];
};

export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const STORE_FILE = 'store.ts';
export const EXAMPLES_FILE = 'store.sql-examples.ts';
export const snapshotFile = (dir: string, dialect: Dialect) => join(dir, `store.${dialect}.sql`);
/** Snapshot files look like this, so one whose store is gone is noticed too. */
export const SNAPSHOT_NAME = /^store\.(sqlite|postgres)\.sql$/;

export interface Snapshots {
  /** Absolute path → expected text. */
  files: Map<string, string>;
  /** Stores whose examples are missing, empty or name no function: each says which. */
  problems: string[];
}

export const repoPath = (path: string) => relative(ROOT, path).split(sep).join('/');

/** Every directory under src/ holding a store.ts, sorted. */
export function storeDirs(root = join(ROOT, 'src')): string[] {
  const entries = readdirSync(root, { recursive: true, encoding: 'utf8' });
  const stores = entries.filter((e) => e.split(sep).pop() === STORE_FILE && !e.split(sep).includes('node_modules'));
  return stores.map((e) => dirname(join(root, e))).sort();
}

/** Every snapshot file under src/, to notice ones left behind by a removed store. */
export function existingSnapshotFiles(root = join(ROOT, 'src')): string[] {
  const entries = readdirSync(root, { recursive: true, encoding: 'utf8' });
  return entries.filter((e) => SNAPSHOT_NAME.test(e.split(sep).pop() ?? '')).map((e) => join(root, e)).sort();
}

function recordingKysely(dialect: Dialect, record: (q: CompiledQuery) => void): Kysely<Tables> {
  const pg = dialect === 'postgres';
  return new Kysely<Tables>({
    dialect: {
      createAdapter: (): DialectAdapter => (pg ? new PostgresAdapter() : new SqliteAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => (pg ? new PostgresIntrospector(db) : new SqliteIntrospector(db)),
      createQueryCompiler: (): QueryCompiler => (pg ? new PostgresQueryCompiler() : new SqliteQueryCompiler()),
    },
    log: (event) => {
      if (event.level === 'query') record(event.query);
    },
  });
}

type StoreFn = (q: Q, ...args: unknown[]) => Promise<unknown>;

/** The example call's queries, as one commented block per query. */
async function runExample(dialect: Dialect, name: string, fn: StoreFn, example: unknown): Promise<string> {
  const args = (typeof example === 'function' ? (example as (d: Dialect) => unknown[])(dialect) : example) as unknown[];
  const label = `-- ${name}(${['q', ...args.map((a) => literal(a, 3))].join(', ')})`;
  const queries: CompiledQuery[] = [];
  const db = recordingKysely(dialect, (q) => queries.push(q));
  let stopped = '';
  try {
    await fn(db, ...args);
  } catch (err) {
    // The dummy driver returns no rows, so a function that needs one throws after compiling.
    const kind = err instanceof Error ? err.constructor.name : typeof err;
    stopped = `-- (then threw ${kind}: the dummy driver returns no rows; a later query would not show)\n`;
  }
  const blocks = queries.map((q) => {
    const params = q.parameters.length ? `\n-- parameters: ${literal(q.parameters)}` : '';
    return `${formatSql(q.sql)};${params}\n`;
  });
  if (blocks.length === 0) blocks.push('-- (no query)\n');
  return `${label}\n${blocks.join('')}${stopped}`;
}

function checkExamples(storePath: string, names: string[], examples: Record<string, unknown> | undefined): string[] {
  const where = repoPath(join(dirname(storePath), EXAMPLES_FILE));
  if (!examples) return [`${repoPath(storePath)} has no SQL examples: add ${where} exporting \`examples\``];
  const problems: string[] = [];
  for (const name of names) {
    const list = examples[name];
    if (!Array.isArray(list) || list.length === 0) problems.push(`${repoPath(storePath)} exports ${name}() without an example in ${where}`);
  }
  for (const name of Object.keys(examples)) {
    if (!names.includes(name)) problems.push(`${where} has examples for ${name}, which ${repoPath(storePath)} does not export`);
  }
  return problems;
}

async function importIfExists(path: string): Promise<Record<string, unknown> | undefined> {
  return existsSync(path) ? ((await import(pathToFileURL(path).href)) as Record<string, unknown>) : undefined;
}

/** The snapshot text of one store for each dialect, and what is wrong with its examples. */
export async function storeSnapshots(dir: string): Promise<Snapshots> {
  const storePath = join(dir, STORE_FILE);
  const store = (await import(pathToFileURL(storePath).href)) as Record<string, unknown>;
  const names = Object.keys(store).filter((k) => typeof store[k] === 'function');
  const examples = (await importIfExists(join(dir, EXAMPLES_FILE)))?.examples as Record<string, unknown[]> | undefined;
  const problems = checkExamples(storePath, names, examples);
  const files = new Map<string, string>();
  for (const dialect of DIALECTS) {
    const parts = [
      `-- SQL compiled by ${repoPath(storePath)} for ${dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, one block per example call`,
      `-- in ${EXAMPLES_FILE}. Generated by \`npm run sql\`; do not edit.\n`,
    ];
    for (const [name, list] of Object.entries(examples ?? {})) {
      if (!names.includes(name)) continue;
      for (const example of list) parts.push(await runExample(dialect, name, store[name] as StoreFn, example));
    }
    files.set(snapshotFile(dir, dialect), parts.join('\n'));
  }
  return { files, problems };
}

/** Every store's snapshots. */
export async function generateSqlSnapshots(dirs = storeDirs()): Promise<Snapshots> {
  const out: Snapshots = { files: new Map(), problems: [] };
  for (const dir of dirs) {
    const one = await storeSnapshots(dir);
    for (const [path, text] of one.files) out.files.set(path, text);
    out.problems.push(...one.problems);
  }
  return out;
}

const labels = (text: string) => new Set([...text.matchAll(/^-- (\w+)\(q\b/gm)].map((m) => m[1]!));

/** What differs between the snapshots and the files on disk, one line per file; empty when fresh. */
export function staleSnapshots(expected: Map<string, string>, onDisk = existingSnapshotFiles()): string[] {
  const out: string[] = [];
  for (const [path, text] of expected) {
    if (!existsSync(path)) {
      out.push(`${repoPath(path)} is missing`);
      continue;
    }
    const committed = readFileSync(path, 'utf8');
    if (committed === text) continue;
    const gone = [...labels(committed)].filter((name) => !labels(text).has(name));
    if (gone.length) out.push(`${repoPath(path)} has queries of ${gone.join(', ')}, which the store no longer exports`);
    const a = committed.split('\n');
    const b = text.split('\n');
    const i = a.findIndex((line, n) => line !== b[n]);
    const at = i === -1 ? a.length : i;
    out.push(`${repoPath(path)} differs at line ${at + 1}:\n  - ${a[at] ?? '(end of file)'}\n  + ${b[at] ?? '(end of file)'}`);
  }
  for (const path of onDisk) if (!expected.has(path)) out.push(`${repoPath(path)} has no store.ts beside it any more`);
  return out;
}
