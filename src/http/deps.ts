import type { FastifyInstance, FastifyBaseLogger, RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import type { Ctx, Role } from '../core/context.js';
import type { Database } from '../core/db/index.js';
import type { EventBus } from '../core/events.js';
import type { Logger } from '../core/log.js';

/** What the HTTP layer is built from; tests pass a fake clock and a fresh database. */
export interface AppDeps {
  config: Config;
  db: Database;
  clock: Clock;
  log: Logger;
  /** Called after a change that live views should see (incident list, detail). */
  events: LiveEvents;
  bus: EventBus;
}

/** A tiny in-process fan-out for server-sent events; several instances each serve their own clients. */
export interface LiveEvents {
  publish(topic: string, data: unknown): void;
  subscribe(fn: (topic: string, data: unknown) => void): () => void;
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface RouteInfo {
  method: string;
  url: string;
  config: { minRole?: Role; public?: boolean };
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteInfo[];
  }
  interface FastifyContextConfig {
    /** Weakest role allowed; defaults to viewer for reads and responder for writes. */
    minRole?: Role;
    /** No sign-in needed (health, sign-in itself, public pages). */
    public?: boolean;
  }
  interface FastifyRequest {
    /** Set by the auth hook on every authenticated route. */
    ctx: Ctx;
  }
}
