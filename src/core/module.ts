import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Registry } from 'prom-client';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Actor, CtxBase } from './context.js';
import type { Database } from './db/index.js';
import type { Engine, EngineModule, JobHandler, JobsHandler } from './engine/index.js';
import type { EventBus, EventHandler, LiveProjection } from './events.js';
import type { Logger } from './log.js';
import type { Provider } from './outbox/index.js';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** Live updates fan out to this instance's clients and, on PostgreSQL, to the other instances. */
export interface LiveEvents {
  publish(topic: string, data: unknown): void;
  subscribe(fn: (topic: string, data: unknown) => void): () => void;
}

/** What every domain is handed: the shared parts of one running Tocsin (server, CLI or test). */
export interface Kernel extends CtxBase {
  config: Config;
  clock: Clock;
  db: Database;
  log: Logger;
  bus: EventBus;
  live: LiveEvents;
  engine: Engine;
}

/**
 * A path outside /api/v1 (`/ping/:uuid`, `/status/:slug`, `/v2/enqueue`) and how it is
 * authenticated. The kernel does not authenticate these: the module's handler does, as `auth` says.
 */
export interface PublicRoutes {
  /** The path prefix the web app must not answer, e.g. `/ping`. */
  prefix: string;
  auth: 'none' | 'integration-key' | 'signed-link' | 'probe-token';
  register(app: App, kernel: Kernel): void;
}

export interface JobDeclaration {
  kind: string;
  handler: JobHandler;
  /** Queue with its own concurrency, so slow kinds (provider calls) never hold back others. */
  queue?: string;
  /** That queue's batches in flight by default (more helps PostgreSQL, where batches run side by side). */
  concurrency?: number;
  /** Runs the kind's due jobs of a batch together (engine/jobs.ts JobsHandler). */
  together?: JobsHandler;
}

/**
 * Everything a domain brings to Tocsin. The composition root (src/app) lists the modules in
 * order; the server, the CLI and the test harness all build from that list.
 */
export interface DomainModule {
  name: string;
  /** Routes under /api/v1 (authenticated by the kernel, `config.minRole` per route). */
  api?(api: App, kernel: Kernel): void;
  public?: PublicRoutes[];
  engine?(kernel: Kernel): EngineModule[];
  jobs?: JobDeclaration[];
  /** Domain-event handlers, run inside the transaction that recorded the event. */
  on?: Record<string, EventHandler>;
  /** Live-update topics this domain feeds from its committed events. */
  live?: LiveProjection[];
  /** Long-running parts outside the engine's cycle (the monitors' check scheduler): started with the server. */
  workers?(kernel: Kernel): BackgroundWorker[];
  /** `/metrics` gauges read at scrape time. */
  gauges?(registry: Registry, kernel: Kernel): void;
  /** Outbox providers, one per channel (email, SMS, webhook ...): how messages leave the building. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each provider owns its payload's shape
  providers?(kernel: Kernel): Provider<any>[];
  /** Client-side routes of the web app served by this domain (documentation for the SPA fallback). */
  webPaths?: string[];
}

/** A part that runs all the time while the server does (not in tests, not in CLI commands). */
export interface BackgroundWorker {
  name: string;
  start(): void | Promise<void>;
  /** Finishes what is in hand (writes buffered results) and stops. */
  stop(): Promise<void>;
}

/** The one domain that knows people: turns a request's credentials into an actor. */
export interface Authenticator {
  authenticate(kernel: Kernel, creds: Credentials): Promise<Actor>;
}

/** What a request presents: the Authorization header, the session cookie, and on writes the CSRF header. */
export interface Credentials {
  authorization?: string;
  session?: string;
  csrf?: string;
  /** A change (not GET/HEAD/OPTIONS): a cookie session must then show its CSRF token. */
  write: boolean;
}
