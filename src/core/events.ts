import type { Actor, Ctx, TxCtx } from './context.js';

/**
 * Something that happened, recorded by a use case inside its transaction: `incident.declared`,
 * `incident.transitioned` ... Handlers of other domains run in the same transaction (so a
 * failure anywhere rolls everything back); after commit the event reaches live views.
 */
export interface DomainEvent<T extends string = string, D = Record<string, unknown>> {
  type: T;
  /** Epoch ms, the use case's `now`. */
  at: number;
  actor: Actor;
  data: D;
}

/** Runs inside the transaction that recorded the event; throwing rolls the whole unit back. */
export type EventHandler = (ctx: TxCtx, event: DomainEvent) => Promise<void>;

/** Turns committed events into live-update frames `event: <topic>`; null means not for this topic. */
export interface LiveProjection {
  topic: string;
  from(event: DomainEvent): unknown;
}

/** The work of one transaction: its events, and whether the engine has work due now. */
export interface Unit {
  events: DomainEvent[];
  /** Set by whoever enqueues work due now, so the engine runs it at once after commit. */
  wake: boolean;
  afterCommit: (() => void)[];
}

/** Where committed events go: live views (this instance's, and the others') and the engine. */
export interface CommitSink {
  publish(topic: string, data: unknown): void;
  wake(): void;
}

export interface EventBus {
  on(type: string, handler: EventHandler): void;
  project(projection: LiveProjection): void;
  /** Late binding: the live fan-out and the engine exist after the bus. */
  connect(sink: CommitSink): void;
  dispatch(ctx: TxCtx, event: DomainEvent): Promise<void>;
  committed(unit: Unit): void;
}

export function createEventBus(): EventBus {
  const handlers = new Map<string, EventHandler[]>();
  const projections: LiveProjection[] = [];
  let sink: CommitSink | null = null;
  return {
    on(type, handler) {
      handlers.set(type, [...(handlers.get(type) ?? []), handler]);
    },
    project(p) {
      projections.push(p);
    },
    connect(s) {
      sink = s;
    },
    async dispatch(ctx, event) {
      for (const h of handlers.get(event.type) ?? []) await h(ctx, event);
    },
    committed(unit) {
      for (const fn of unit.afterCommit) fn();
      if (!sink) return;
      for (const event of unit.events) {
        for (const p of projections) {
          const data = p.from(event);
          if (data !== null && data !== undefined) sink.publish(p.topic, data);
        }
      }
      if (unit.wake) sink.wake();
    },
  };
}

/**
 * Runs `fn` in a transaction: the caller's when one is open (ctx.tx), else a new one whose
 * events are handed to the bus after it commits. Nested use cases therefore compose.
 */
export async function inTransaction<T>(ctx: Ctx, fn: (ctx: TxCtx) => Promise<T>): Promise<T> {
  if (ctx.tx && ctx.unit) return fn(ctx as TxCtx);
  const unit: Unit = { events: [], wake: false, afterCommit: [] };
  const result = await ctx.db.tx((tx) => fn({ ...ctx, tx, unit }));
  ctx.bus.committed(unit);
  return result;
}

/** Records an event in the open transaction and runs its handlers there. */
export async function emit<T extends string, D extends Record<string, unknown>>(ctx: TxCtx, type: T, data: D, at: number): Promise<DomainEvent<T, D>> {
  const event: DomainEvent<T, D> = { type, at, actor: ctx.actor, data };
  ctx.unit.events.push(event);
  await ctx.bus.dispatch(ctx, event);
  return event;
}
