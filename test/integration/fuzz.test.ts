import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/core/db/index.js';
import { describeEachDatabase } from '../support/harness.js';

// Every operation of the OpenAPI document, fed random and hostile path ids, query strings and
// bodies: no answer is a 5xx, and a refused request (4xx) changes nothing in the database.

const CASES_PER_OPERATION = 24;
const SEED = 20261129;
const SKIP = new Set(['GET /api/v1/live']); // an endless stream: nothing to fuzz

/** Ids that exist (set in beforeAll), so some requests reach a real row. */
const KNOWN_IDS: string[] = [];
const HOSTILE_STRINGS = ['', ' ', '\u0000', 'a\u0000b', 'Checkout\u0000', '\u0000\u0000', '%00', '..', '../../etc/passwd', "' or 1=1 --", 'x'.repeat(101), '🔥'.repeat(50), '\u202e', '<script>', '-1', '0', '1e309', 'NaN', 'null', '{}', '[]', 'SEV-9'];
const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 50 }) },
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 5 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
);

interface Operation {
  method: string;
  path: string;
  query: string[];
  body: Schema | null;
}

interface Schema {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  minLength?: number;
  minimum?: number;
  format?: string;
  items?: Schema;
}

/** A valid value for a schema, so that one hostile field at a time gets past the others. */
function exampleOf(s: Schema): unknown {
  if (s.enum) return s.enum[0];
  if (s.anyOf) return exampleOf(s.anyOf[0]!);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return s.format === 'date-time' ? '2026-01-01T00:00:00Z' : s.format === 'email' ? 'fuzz@example.test' : 'x'.repeat(Math.max(12, s.minLength ?? 0));
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).filter(([k]) => s.required?.includes(k)).map(([k, v]) => [k, exampleOf(v)]));
    default:
      return null;
  }
}

function operationsOf(doc: { paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } }>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const M = method.toUpperCase();
      if (SKIP.has(`${M} ${path}`)) continue;
      const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const schema = op.requestBody?.content?.['application/json']?.schema as Schema | undefined;
      ops.push({ method: M, path, query, body: schema ?? null });
    }
  }
  return ops;
}

/**
 * Mostly a valid body with one field made hostile (so the hostile value reaches the service and
 * the database), sometimes hostile fields everywhere, or something else entirely.
 */
const bodyFor = (op: Operation): fc.Arbitrary<unknown> => {
  const valid = op.body ? (exampleOf({ type: 'object', ...op.body }) as Record<string, unknown>) : {};
  const keys = Object.keys(op.body?.properties ?? {});
  const oneHostile = keys.length ? fc.tuple(fc.constantFrom(...keys), hostileValue).map(([k, v]) => ({ ...valid, [k]: v })) : fc.constant(valid);
  return fc.oneof(
    { weight: 4, arbitrary: oneHostile },
    { weight: 1, arbitrary: fc.record(Object.fromEntries(keys.map((k) => [k, hostileValue])), { requiredKeys: [] }) },
    { weight: 1, arbitrary: fc.jsonValue() },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
};

const queryFor = (op: Operation): fc.Arbitrary<string> =>
  fc.array(fc.tuple(fc.constantFrom(...op.query, 'limit', 'cursor', 'junk'), hostileString), { maxLength: 4 }).map((pairs) =>
    pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'),
  );

/** Everything stored, less what reading itself touches (last-used stamps). */
async function fingerprint(db: Database): Promise<string> {
  const tables = ['users', 'teams', 'team_members', 'services', 'service_experts', 'service_dependencies', 'incidents', 'incident_services', 'incident_roles', 'timeline_events', 'settings', 'jobs'] as const;
  // Read side by side: on PostgreSQL each is a round trip, and this runs after every request.
  const [tokens, ...parts] = await Promise.all([
    db.kysely.selectFrom('api_tokens').select(['id', 'revoked_at', 'expires_at', 'name']).orderBy('id').execute(),
    ...tables.map(async (t) => {
      const rows = (await db.kysely.selectFrom(t).selectAll().execute()) as Record<string, unknown>[];
      return `${t}:${rows.map((r) => JSON.stringify(r)).sort().join('\n')}`;
    }),
  ]);
  return `${parts.join('\n')}\ntokens:${JSON.stringify(tokens)}`;
}

describeEachDatabase('fuzz: every operation in the API document', (h) => {
  let token: string;
  let ops: Operation[];
  beforeAll(async () => {
    token = (await h.actor('owner')).token;
    // Something for the ids to miss or hit: a service and an incident.
    const svc = (await h.call('POST', '/api/v1/services', { token, body: { name: 'Checkout' } })).json().id as string;
    const inc = (await h.call('POST', '/api/v1/incidents', { token, body: { title: 'Checkout returns 502', severity: 'SEV-2' } })).json();
    const other = await h.actor('responder');
    KNOWN_IDS.push(svc, inc.id, String(inc.number), other.id, 'commander');
    ops = operationsOf(h.app.swagger() as never);
  });

  it('answers no 5xx and changes nothing after a 4xx, for every operation', async () => {
    expect(ops.length).toBeGreaterThan(20);
    let before = await fingerprint(h.db);
    const failures: string[] = [];
    for (const op of ops) {
      const id = fc.oneof(hostileString, fc.constantFrom(...KNOWN_IDS));
      const cases = fc.sample(fc.record({ ids: fc.array(id, { minLength: 3, maxLength: 3 }), query: queryFor(op), body: bodyFor(op) }), { numRuns: CASES_PER_OPERATION, seed: SEED });
      for (const c of cases) {
        let i = 0;
        const path = op.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(c.ids[i++] ?? 'x'));
        const url = c.query ? `${path}?${c.query}` : path;
        const body = op.body === null ? undefined : c.body;
        const res = await h.call(op.method as 'GET', url, { token, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
        const what = `${op.method} ${url.slice(0, 120)} ${JSON.stringify(body)?.slice(0, 120)} → ${res.statusCode}`;
        if (res.statusCode >= 500) failures.push(`${what}: ${res.body.slice(0, 200)}`);
        const after = await fingerprint(h.db);
        if (res.statusCode >= 400 && after !== before) failures.push(`${what}: a refused request changed the database`);
        before = after;
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
