import { setTimeout as sleep } from 'node:timers/promises';
import { FakeClock, systemClock } from '../../src/core/clock.js';
import { makeCtx, systemActor, type Ctx } from '../../src/core/context.js';
import type { Database } from '../../src/core/db/index.js';
import { createEngine, type Engine } from '../../src/core/engine/index.js';
import { createEventBus, inTransaction } from '../../src/core/events.js';
import { silentLogger } from '../../src/core/log.js';
import { createOutboxDispatcher, sendLater, type OutboxDispatcher, type OutboxMessage, type Provider, type ProviderStatus, type SendJournal, type SendLaterInput } from '../../src/core/outbox/index.js';
import type { ChannelPayload } from '../../src/notify/content.js';

export interface Call {
  key: string;
  attempt: number;
}

/** A provider whose every send is decided by `behave` (resolve, throw, or wait on a gate). */
export interface FakeProvider extends Provider {
  calls: Call[];
  behave: (call: Call) => Promise<{ providerRef?: string }>;
}

export function fakeProvider(over: Partial<Provider> = {}): FakeProvider {
  const p: FakeProvider = {
    channel: 'test',
    concurrency: 4,
    timeoutMs: 5_000,
    calls: [],
    behave: async () => ({}),
    send: (message: OutboxMessage, { idempotencyKey }) => {
      const call = { key: idempotencyKey, attempt: message.attempts };
      p.calls.push(call);
      return p.behave(call);
    },
    ...over,
  };
  return p;
}

/** A fake provider that can be asked: `status()` records each idempotency key asked and answers `answer(key)`. */
export function askableProvider(answer: (idempotencyKey: string) => ProviderStatus): FakeProvider & { asked: string[] } {
  const asked: string[] = [];
  const provider = fakeProvider({
    status: async ({ idempotencyKey }) => {
      asked.push(idempotencyKey);
      return answer(idempotencyKey);
    },
  });
  return Object.assign(provider, { asked });
}

export interface Rig {
  clock: FakeClock;
  ctx: Ctx;
  engine: Engine;
  dispatcher: OutboxDispatcher;
  wakes: number;
  /** One engine cycle at the fake clock's time, then waits for the sends it started. */
  cycle(): Promise<void>;
  send(input: Partial<SendLaterInput> & { key: string }): Promise<{ created: boolean; message: OutboxMessage }>;
}

export function rig(db: Database, providers: Provider[], opts: { random?: () => number; owner?: string; journal?: SendJournal } = {}): Rig {
  const clock = new FakeClock();
  const bus = createEventBus();
  const engine = createEngine({ db, clock, owner: opts.owner ?? 'test-owner', bus });
  const dispatcher = createOutboxDispatcher({ db, owner: engine.owner, providers, random: opts.random ?? (() => 0), deadlineGraceMs: 1_000, journal: opts.journal });
  engine.register(dispatcher);
  const r: Rig = {
    clock,
    ctx: makeCtx({ clock, db, bus }, systemActor('test'), 'req_test', silentLogger),
    engine,
    dispatcher,
    wakes: 0,
    cycle: async () => {
      await engine.runOnce();
      await dispatcher.drain();
    },
    send: (input) => inTransaction(r.ctx, (tx) => sendLater(tx, { channel: 'test', payload: { n: 1 }, ...input })),
  };
  bus.connect({ publish: () => undefined, wake: () => r.wakes++ });
  return r;
}

/** A promise with its resolve and reject outside. */
export function gate<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Creates `keys.length` webhook messages due now, `batch` per transaction, on the real clock. */
/** Pages by email, one per key, to its address (the content a page has, in brief). */
export async function enqueueEmails(db: Database, emails: { key: string; to: string }[]): Promise<void> {
  const ctx = makeCtx({ clock: systemClock, db, bus: createEventBus() }, systemActor('test'), 'req_enqueue', silentLogger);
  await inTransaction(ctx, async (tx) => {
    for (const { key, to } of emails) {
      const payload: ChannelPayload = { to, content: { kind: 'page', subject: `[SEV-1] ${key}`, text: `Page ${key}.` } };
      await sendLater(tx, { channel: 'email', key, payload });
    }
  });
}

export async function enqueueWebhooks(db: Database, keys: string[], batch = 50): Promise<void> {
  const ctx = makeCtx({ clock: systemClock, db, bus: createEventBus() }, systemActor('test'), 'req_enqueue', silentLogger);
  for (let i = 0; i < keys.length; i += batch) {
    await inTransaction(ctx, async (tx) => {
      for (const key of keys.slice(i, i + batch)) await sendLater(tx, { channel: 'webhook', key, payload: { body: { key } } });
    });
  }
}
