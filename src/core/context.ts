import type { Transaction } from 'kysely';
import type { Clock } from './clock.js';
import type { Database, Q } from './db/index.js';
import type { Tables } from './db/schema.js';
import type { EventBus, Unit } from './events.js';
import type { Logger } from './log.js';

export type Role = 'owner' | 'admin' | 'responder' | 'viewer';
export const ROLES: readonly Role[] = ['viewer', 'responder', 'admin', 'owner'];

/** True when `have` is at least as strong as `need`. */
export const roleAtLeast = (have: Role, need: Role): boolean => ROLES.indexOf(have) >= ROLES.indexOf(need);

/** Who is acting: a person (via session or API token), an integration key, or the engine. */
export type Actor =
  | {
      kind: 'user';
      userId: string;
      name: string;
      role: Role;
      /** page: answering a page from outside a session (email link, SMS reply, key press, push or chat button); `channel` says which. */
      via: 'session' | 'token' | 'page';
      tokenId?: string;
      sessionId?: string;
      channel?: string;
    }
  | { kind: 'integration'; integrationKeyId: string; name: string }
  | { kind: 'system'; name: string };

/**
 * Explicit context every service function takes first. `tx` and `unit` are set while a use case
 * runs inside a transaction (see events.ts `inTransaction`): a use case called with them joins
 * that transaction instead of opening its own, so chained use cases commit together.
 */
export interface Ctx {
  actor: Actor;
  requestId: string;
  log: Logger;
  clock: Clock;
  db: Database;
  /** Domain-event handlers and what happens after commit (live views, engine wake-up). */
  bus: EventBus;
  tx?: Transaction<Tables>;
  unit?: Unit;
}

/** A Ctx inside an open transaction. */
export interface TxCtx extends Ctx {
  tx: Transaction<Tables>;
  unit: Unit;
}

/** What a Ctx is made from: the kernel's parts that do not change per request. */
export interface CtxBase {
  clock: Clock;
  db: Database;
  bus: EventBus;
}

export const makeCtx = (base: CtxBase, actor: Actor, requestId: string, log: Logger): Ctx => ({
  actor,
  requestId,
  log,
  clock: base.clock,
  db: base.db,
  bus: base.bus,
});

/** The open transaction when there is one, else the database: what a read inside a use case uses. */
export const runner = (ctx: Ctx): Q => ctx.tx ?? ctx.db.kysely;

/**
 * Independent reads: side by side on the pool, one after another inside a transaction. A
 * transaction is one connection, where pg would only queue them (and warns that pg 9 will not).
 */
export async function readTogether<T extends readonly unknown[]>(q: Q, reads: { readonly [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  if (!q.isTransaction) return (await Promise.all(reads.map((read) => read()))) as unknown as T;
  const out: unknown[] = [];
  for (const read of reads) out.push(await read());
  return out as unknown as T;
}

/** The role an actor acts with: integrations work incidents like responders; the engine and offline CLI act as owner. */
export const actingRoleOf = (a: Actor): Role => (a.kind === 'user' ? a.role : a.kind === 'integration' ? 'responder' : 'owner');

export const actorId = (a: Actor): string | null =>
  a.kind === 'user' ? a.userId : a.kind === 'integration' ? a.integrationKeyId : null;

export const systemActor = (name: string): Actor => ({ kind: 'system', name });
