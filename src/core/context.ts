import type { Clock } from './clock.js';
import type { Database } from './db/index.js';
import type { Logger } from './log.js';

export type Role = 'owner' | 'admin' | 'responder' | 'viewer';
export const ROLES: readonly Role[] = ['viewer', 'responder', 'admin', 'owner'];

/** True when `have` is at least as strong as `need`. */
export const roleAtLeast = (have: Role, need: Role): boolean => ROLES.indexOf(have) >= ROLES.indexOf(need);

/** Who is acting: a person (via session or API token), an integration key, or the engine. */
export type Actor =
  | { kind: 'user'; userId: string; name: string; role: Role; via: 'session' | 'token'; tokenId?: string; sessionId?: string }
  | { kind: 'integration'; integrationKeyId: string; name: string }
  | { kind: 'system'; name: string };

/** Explicit context every service function takes first. */
export interface Ctx {
  actor: Actor;
  requestId: string;
  log: Logger;
  clock: Clock;
  db: Database;
}

export const actorId = (a: Actor): string | null =>
  a.kind === 'user' ? a.userId : a.kind === 'integration' ? a.integrationKeyId : null;

export const systemActor = (name: string): Actor => ({ kind: 'system', name });
