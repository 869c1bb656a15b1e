import { InvalidArgumentError, type Command } from 'commander';
import { systemClock } from '../core/clock.js';
import { loadConfig } from '../core/config.js';
import { createEventBus } from '../core/events.js';
import { systemActor, type Ctx } from '../core/context.js';
import type { Database } from '../core/db/index.js';
import { newId } from '../core/ids.js';
import type { Logger } from '../core/log.js';

// Heavy modules (database drivers, the server, argon2) load only in the commands that use them,
// so `tocsin --help` and the API commands start fast.

/** An expected failure: printed as one line `tocsin: <message>`, then exit with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

/** Exit codes: 0 done, 1 the operation failed (API refused, unreachable), 2 wrong usage or config. */
export const EXIT_USAGE = 2;

/**
 * A removal goes ahead only with --yes. Without it nothing changes, and the one line says what
 * would go (`consequence`: "removing X (id) deletes ...").
 */
export function requireYes(o: { yes?: boolean }, consequence: string): void {
  if (!o.yes) throw new CliError(`--yes: ${consequence}; run again with --yes to confirm`, EXIT_USAGE);
}

export interface JsonOption {
  json?: boolean;
}

export const withJson = (cmd: Command): Command => cmd.option('--json', 'print machine-readable JSON only');

/** Hides credentials in a database URL before it is printed. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** The human reason inside an error (a connection error often hides it in `cause` or `errors`). */
export const reasonOf = (err: unknown): string => {
  if (err instanceof AggregateError && err.errors.length) return reasonOf(err.errors[0]);
  if (err instanceof Error) return err.message || (err as { code?: string }).code || err.name;
  return String(err);
};

/**
 * For the offline admin commands: the database from TOCSIN_DATABASE_URL, reachable and
 * migrated. A bad variable throws loadConfig's ValidationError (exit 2).
 */
export async function openOfflineDatabase(env: NodeJS.ProcessEnv = process.env): Promise<Database> {
  const config = loadConfig(env);
  const { openDatabase } = await import('../core/db/index.js');
  const { migrateToLatest } = await import('../core/db/migrate.js');
  const db = openDatabase(config.databaseUrl, { poolSize: 2 });
  try {
    await db.ping();
  } catch (err) {
    await db.close().catch(() => undefined);
    throw new CliError(`cannot open the database at ${redactUrl(config.databaseUrl)}: ${reasonOf(err)}`);
  }
  try {
    await migrateToLatest(db);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw new CliError(reasonOf(err));
  }
  return db;
}

/** The context offline commands act in: the CLI as a named system actor. */
export async function systemCtx(db: Database): Promise<Ctx> {
  const log: Logger = (await import('../core/log.js')).silentLogger;
  return { actor: systemActor('tocsin cli'), requestId: newId('cli'), log, clock: systemClock, db, bus: createEventBus() };
}

/** Parser for a whole number option within a range. */
export const intInRange =
  (min: number, max: number) =>
  (raw: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`Use a whole number from ${min} to ${max}.`);
    return n;
  };

/** Parser for a value out of a closed set (case-insensitive), answering with the canonical spelling. */
export const oneOf =
  <T extends string>(allowed: readonly T[]) =>
  (raw: string): T => {
    const hit = allowed.find((a) => a.toLowerCase() === raw.trim().toLowerCase());
    if (!hit) throw new InvalidArgumentError(`Use one of ${allowed.join(', ')}.`);
    return hit;
  };

/** Parser for a repeatable, comma-separable option, each value checked by `parse`. */
export const listOf =
  (parse: (raw: string) => string) =>
  (raw: string, previous: string[] = []): string[] => [
    ...previous,
    ...raw
      .split(',')
      .filter((s) => s.trim() !== '')
      .map((s) => parse(s)),
  ];

/** Parser for a repeatable free-text option. */
export const collect = (raw: string, previous: string[] = []): string[] => [...previous, raw];
