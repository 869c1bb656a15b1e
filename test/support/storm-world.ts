import type { Database } from '../../src/core/db/index.js';
import { runTocsin } from './cli-entry.js';
import { makeReachable } from './factories.js';

// The people and services a paging storm pages: people created through the API, each with a
// verified email (paged at 0 min) and a verified SMS number (at 1 min); services whose policy
// pages one person at 0 min (tier 1) and another at 5 min (tier 2). Methods are inserted
// verified straight through the contacts store, as test/integration/paging.test.ts does: the
// storm is about delivery, not about verification codes.

/** Minutes after the page at which the SMS goes out, and after the declaration at which tier 2 fires. */
export const SMS_DELAY_MIN = 1;
export const TIER2_DELAY_MIN = 5;

export interface Person {
  id: string;
  email: string;
  phone: string;
}

export interface World {
  token: string;
  people: Person[];
  /** Per service: its id and the people its tiers 1 and 2 page. */
  services: { id: string; tier1: Person; tier2: Person }[];
}

export type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; json: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers

/** A JSON client for whichever server is up now (`base()` changes at each restart). */
export function apiClient(base: () => string, token: () => string): Call {
  return async (method, path, body) => {
    const res = await fetch(base() + path, {
      method,
      headers: { authorization: `Bearer ${token()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  };
}

/** The owner and their API token, made offline as an operator bootstraps an install. */
export async function bootstrapOwner(databaseUrl: string): Promise<string> {
  const env = { TOCSIN_DATABASE_URL: databaseUrl };
  const user = await runTocsin(['user', 'create', '--email', 'storm-owner@example.com', '--name', 'Storm Owner', '--role', 'owner'], env);
  if (user.code !== 0) throw new Error(`tocsin user create: ${user.stderr}`);
  const token = await runTocsin(['token', 'create', '--user', 'storm-owner@example.com', '--name', 'storm'], env);
  if (token.code !== 0) throw new Error(`tocsin token create: ${token.stderr}`);
  return token.stdout.trim();
}

const must = (what: string, r: { status: number; json: unknown }, status: number) => {
  if (r.status !== status) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.json)}`);
  return r.json as { id: string };
};

const verifiedMethod = (db: Database, userId: string, channel: 'email' | 'sms', address: string, delay: number) => makeReachable(db, userId, { channel, address, delay });

/** `people` people and `services` services (person 2k at tier 1, 2k+1 at tier 2, round the list). */
export async function buildWorld(call: Call, db: Database, token: string, counts: { people: number; services: number }): Promise<World> {
  const people: Person[] = [];
  for (let i = 0; i < counts.people; i++) {
    const n = String(i).padStart(4, '0');
    const email = `storm-p${n}@example.com`;
    const user = must('create person', await call('POST', '/api/v1/users', { email, name: `Responder ${n}`, role: 'responder' }), 201);
    const person = { id: user.id, email, phone: `+1555000${n}` };
    await verifiedMethod(db, person.id, 'email', email, 0);
    await verifiedMethod(db, person.id, 'sms', person.phone, SMS_DELAY_MIN);
    people.push(person);
  }
  const services: World['services'] = [];
  for (let s = 0; s < counts.services; s++) {
    const [tier1, tier2] = [people[(2 * s) % people.length]!, people[(2 * s + 1) % people.length]!];
    const service = must('create service', await call('POST', '/api/v1/services', { name: `Storm service ${s}` }), 201);
    const tiers = [
      { delay_minutes: 0, targets: [{ kind: 'user', id: tier1.id }] },
      { delay_minutes: TIER2_DELAY_MIN, targets: [{ kind: 'user', id: tier2.id }] },
    ];
    const policy = must('create policy', await call('POST', '/api/v1/escalation-policies', { name: `Storm policy ${s}`, tiers }), 201);
    must('attach policy', await call('PUT', `/api/v1/services/${service.id}/escalation-policy`, { policy_id: policy.id }), 200);
    services.push({ id: service.id, tier1, tier2 });
  }
  return { token, people, services };
}
