/**
 * The Tocsin side of bench:paging: a real `tocsin serve` on a fresh database, services whose
 * escalation policies page people through a verified chat method (Mattermost's incoming-webhook
 * format) that points at the bench's local receiver.
 *
 * Chat is the channel with the least between Tocsin and the receiver: one JSON POST over a
 * keep-alive connection (email would add an SMTP conversation, four round trips and a DATA phase).
 */
import { newId } from '../../src/core/ids.js';
import * as contacts from '../../src/notify/contacts/store.js';
import { freshDatabase, type DialectName, type FreshDatabase } from '../../test/support/db.js';
import { createToken, createUser } from '../../test/support/factories.js';
import { startTocsin, type RunningTocsin } from './harness.js';

export interface PagingWorld {
  dialect: DialectName;
  fresh: FreshDatabase;
  tocsin: RunningTocsin;
  token: string;
  /** POST to the JSON API as the owner; throws on anything but 2xx. */
  api<T>(method: 'POST' | 'PUT', path: string, body: unknown): Promise<T>;
  /** A responder reached first (0 min, both urgencies) by chat at `receiverUrl`. */
  person(receiverUrl: string): Promise<string>;
  /** A service whose policy has these tiers; every alert of it opens its own incident. */
  service(name: string, tiers: { delay_minutes: number; user: string }[]): Promise<{ id: string; routingKey: string }>;
  stop(): Promise<void>;
}

export const TOCSIN_ENV = {
  TOCSIN_MONITOR_CHECKS: 'false',
  TOCSIN_INTAKE_EVENTS_PER_MINUTE: '100000000',
  // The receiver is on loopback over http: Mattermost allows any host already; the flag says so.
  TOCSIN_CHAT_ANY_HOST: '1',
};

export async function startPagingWorld(dialect: DialectName, nodeArgs: string[] = []): Promise<PagingWorld> {
  const fresh = await freshDatabase(dialect);
  const owner = await createUser(fresh.db, { role: 'owner' });
  const token = await createToken(fresh.db, owner.id);
  const tocsin = await startTocsin({ databaseUrl: fresh.url, env: TOCSIN_ENV, nodeArgs });

  const api = async <T>(method: 'POST' | 'PUT', path: string, body: unknown): Promise<T> => {
    const res = await fetch(`${tocsin.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };

  // Straight into the tables, as test/integration/paging.test.ts does: verification by code is
  // not what this bench measures, and the API refuses http URLs (a real webhook is https).
  const person = async (receiverUrl: string) => {
    const user = await createUser(fresh.db, { role: 'responder' });
    const now = Date.now();
    const id = newId('cm');
    await contacts.insertMethod(fresh.db.kysely, {
      id, user_id: user.id, channel: 'chat', address: receiverUrl, label: 'bench', details: JSON.stringify({ format: 'mattermost' }),
      verified_at: now, verify_code_hash: null, verify_expires_at: null, verify_attempts: 0, verify_sent: 0, verify_sent_at: null, disabled_at: null, created_at: now, updated_at: now,
    });
    await contacts.insertRules(fresh.db.kysely, (['high', 'low'] as const).map((urgency) => ({ id: newId('nr'), user_id: user.id, contact_method_id: id, urgency, delay_minutes: 0, created_at: now })));
    return user.id;
  };

  const service = async (name: string, tiers: { delay_minutes: number; user: string }[]) => {
    const svc = await api<{ id: string }>('POST', '/services', { name });
    const policy = await api<{ id: string }>('POST', '/escalation-policies', { name, tiers: tiers.map((t) => ({ delay_minutes: t.delay_minutes, targets: [{ kind: 'user', id: t.user }] })) });
    await api('PUT', `/services/${svc.id}/escalation-policy`, { policy_id: policy.id });
    // Grouped by the sender's dedup key: each new event declares its own incident, as a new
    // problem would (by default alerts within an hour join the service's open incident).
    await api('PUT', `/services/${svc.id}/alert-settings`, { grouping_labels: ['dedup_key'] });
    const key = await api<{ key: string }>('POST', `/services/${svc.id}/integration-keys`, { name: 'bench', type: 'pagerduty' });
    return { id: svc.id, routingKey: key.key };
  };

  return {
    dialect, fresh, tocsin, token, api, person, service,
    stop: async () => {
      await tocsin.stop();
      await fresh.drop();
    },
  };
}
