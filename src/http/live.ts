import type pg from 'pg';
import { pgDriver } from '../core/db/pg-driver.js';
import { newId } from '../core/ids.js';
import type { Logger } from '../core/log.js';
import type { LiveEvents } from '../core/module.js';

type Subscriber = (topic: string, data: unknown) => void;

function fanOut(subs: Set<Subscriber>, topic: string, data: unknown): void {
  for (const fn of subs) {
    try {
      fn(topic, data);
    } catch {
      // one broken subscriber must not stop the others
    }
  }
}

/** In-process fan-out: enough for one process (SQLite, or a single PostgreSQL instance in tests). */
export function createLiveEvents(): LiveEvents {
  const subs = new Set<Subscriber>();
  return {
    publish: (topic, data) => fanOut(subs, topic, data),
    subscribe(fn) {
      subs.add(fn);
      return () => subs.delete(fn);
    },
  };
}

export interface SharedLiveEvents extends LiveEvents {
  close(): Promise<void>;
}

const CHANNEL = 'tocsin_live';
const RECONNECT_MS = 1000;

/**
 * Live events shared by every instance on one PostgreSQL, through LISTEN/NOTIFY (the database
 * the instances already share, no broker of our own). A change is delivered to this instance's
 * clients at once and to the others by notification; each instance skips its own echoes. If the
 * listening connection drops, local delivery goes on and the connection is re-made.
 */
export function createSharedLiveEvents(url: string, log: Logger): SharedLiveEvents {
  const local = createLiveEvents();
  const origin = newId('ins');
  let client: pg.Client | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const c = new (pgDriver().Client)({ connectionString: url });
    c.on('error', () => undefined); // reported by 'end' below
    c.on('notification', (msg) => {
      try {
        const { o, t, d } = JSON.parse(msg.payload ?? '{}') as { o: string; t: string; d: unknown };
        if (o !== origin) local.publish(t, d);
      } catch {
        // not ours
      }
    });
    c.on('end', () => {
      if (client === c) client = null;
      if (!closed) timer = setTimeout(() => void connect().catch(() => undefined), RECONNECT_MS);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANNEL}`);
      client = c;
    } catch (err) {
      log.warn({ err }, 'live events: cannot listen on PostgreSQL; retrying');
      await c.end().catch(() => undefined);
    }
  };
  void connect();

  // One statement at a time on the listening connection (pg only queues a second one, and says
  // pg 9 will not): what is published meanwhile goes in the next statement, all at once, in order.
  let pending: string[] = [];
  let sending = false;
  const flush = async (): Promise<void> => {
    sending = true;
    while (pending.length > 0 && client) {
      const batch = pending;
      pending = [];
      await client.query('select pg_notify($1, payload) from unnest($2::text[]) with ordinality as n(payload, i) order by i', [CHANNEL, batch]).catch(() => undefined);
    }
    pending = [];
    sending = false;
  };

  return {
    publish(topic, data) {
      local.publish(topic, data);
      if (!client) return;
      pending.push(JSON.stringify({ o: origin, t: topic, d: data }));
      if (!sending) void flush();
    },
    subscribe: local.subscribe,
    async close() {
      closed = true;
      clearTimeout(timer);
      await client?.end().catch(() => undefined);
    },
  };
}
