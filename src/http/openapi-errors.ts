import type { SwaggerTransformObject } from '@fastify/swagger';
import type { FastifySchema, RouteOptions } from 'fastify';
import type { ErrorCode } from '../core/errors.js';
import type { Problem } from './problem.js';

/**
 * The error half of the API document, added centrally so no route has to repeat it: every
 * operation lists the problem+json answers it can give, all with one shared Problem schema, and
 * public operations say `security: []`.
 *
 * This works on the document only (@fastify/swagger's `transform`), never on the route's runtime
 * schema, so Fastify does not serialize problem replies through these schemas: the body that
 * sendProblem builds goes out as built. test/support/contract.ts checks that real answers match.
 */

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 414 | 415 | 429 | 503;

declare module 'fastify' {
  interface FastifySchema {
    /**
     * Problem answers this route gives beyond the ones its shape implies (see problemStatuses),
     * e.g. a public sign-in that answers 401. Read by the document only.
     */
    problems?: readonly ProblemStatus[];
  }
}

// Every code problem.ts can send; `satisfies` keeps it in step with core's closed set.
const CODES = [
  'validation',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'rate_limited',
  'unavailable',
  'internal',
] as const satisfies readonly (ErrorCode | 'internal')[];
type MissingCode = Exclude<ErrorCode, (typeof CODES)[number]>;
const _allCodesListed: MissingCode extends never ? true : MissingCode = true;

const PROBLEM_FIELDS = {
  type: { type: 'string', format: 'uri', description: 'https://tocsin.dev/problems/<code>' },
  title: { type: 'string', description: 'Short, the same for every problem of this code' },
  status: { type: 'integer', description: 'The HTTP status, repeated' },
  detail: { type: 'string', description: 'What went wrong this time, for people' },
  code: { type: 'string', enum: [...CODES], description: 'Stable, for programs' },
  field: { type: 'string', description: 'The offending field as a dotted path (validation only)' },
  instance: { type: 'string', description: 'The request path and query' },
  request_id: { type: 'string', description: 'Quote it when reporting a problem; it is in the server log' },
} as const;
// Every member the server sends is described (a new one must be added here, or the build fails).
const _allFieldsDescribed: Record<keyof Problem, unknown> = PROBLEM_FIELDS;

/** RFC 9457 problem details, as src/http/problem.ts sends them. */
export const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details (application/problem+json)',
  required: ['type', 'title', 'status', 'detail', 'code', 'instance', 'request_id'],
  properties: PROBLEM_FIELDS,
  additionalProperties: false,
};

const RESPONSES: Record<ProblemStatus, { name: string; description: string }> = {
  400: { name: 'BadRequest', description: 'Invalid request (code `validation`); `field` names the bad field' },
  401: { name: 'Unauthorized', description: 'Not signed in, or the token or session is unknown or expired (code `unauthorized`)' },
  403: { name: 'Forbidden', description: 'Not allowed (code `forbidden`): a role too weak, a missing CSRF header, a wrong secret' },
  404: { name: 'NotFound', description: 'No such resource (code `not_found`)' },
  409: { name: 'Conflict', description: 'Conflicts with the current state (code `conflict`), e.g. an illegal transition or a duplicate name' },
  413: { name: 'PayloadTooLarge', description: 'The body is larger than the server accepts (code `payload_too_large`)' },
  414: { name: 'UriTooLong', description: 'A path segment is longer than the server accepts, 100 characters (code `payload_too_large`)' },
  415: { name: 'UnsupportedMediaType', description: 'The body is not JSON (code `validation`)' },
  429: { name: 'TooManyRequests', description: 'Too many requests (code `rate_limited`); wait Retry-After seconds' },
  503: { name: 'Unavailable', description: 'The database is not reachable; try again shortly (code `unavailable`)' },
};

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** The problem statuses an operation can answer with, from its shape and its own `schema.problems`. */
export function problemStatuses(route: Pick<RouteOptions, 'method' | 'url' | 'config' | 'schema'>): ProblemStatus[] {
  const methods = [route.method].flat().map((m) => m.toUpperCase());
  const schema = (route.schema ?? {}) as FastifySchema;
  const config = (route.config ?? {}) as { public?: boolean; rateLimit?: unknown };
  const hasBody = schema.body !== undefined || methods.some((m) => BODY_METHODS.has(m));
  const hasParams = schema.params !== undefined || route.url.includes(':');
  const writes = methods.some((m) => m !== 'GET' && m !== 'HEAD');
  const out = new Set<ProblemStatus>(schema.problems ?? []);
  // Any request can be malformed: bad percent-encoding, a NUL character in any part of it.
  out.add(400);
  if (!config.public) [401, 403].forEach((s) => out.add(s as ProblemStatus));
  if (hasParams) [404, 414].forEach((s) => out.add(s as ProblemStatus));
  if (writes && !config.public) out.add(409);
  if (hasBody) [413, 415].forEach((s) => out.add(s as ProblemStatus));
  if (config.rateLimit) out.add(429);
  out.add(503);
  return [...out].sort((a, b) => a - b);
}

const PROBLEM_REF = '#/components/schemas/Problem';
const PROBLEM_CONTENT = JSON.stringify({ 'application/problem+json': { schema: { $ref: PROBLEM_REF } } });
const problemResponse = (status: ProblemStatus) => ({
  description: RESPONSES[status].description,
  ...(status === 429 ? { headers: { 'retry-after': { type: 'integer', description: 'Seconds to wait' } } } : {}),
  content: { 'application/problem+json': { schema: { $ref: PROBLEM_REF } } },
});

interface TransformInput {
  schema: FastifySchema;
  url: string;
  route: RouteOptions;
}

/** @fastify/swagger `transform`: a copy of the route's schema with its problem answers and security. */
function transform({ schema = {}, url, route }: TransformInput): { schema: FastifySchema; url: string } {
  if ((schema as { hide?: boolean }).hide) return { schema, url };
  const { problems: _problems, ...rest } = schema;
  const response: Record<string, unknown> = { ...(schema.response as Record<string, unknown> | undefined) };
  for (const status of problemStatuses(route)) response[status] ??= problemResponse(status);
  const isPublic = Boolean((route.config as { public?: boolean } | undefined)?.public);
  const security = isPublic ? { security: [] } : {};
  return { schema: { ...rest, ...security, response }, url };
}

type Doc = {
  paths?: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  components?: { schemas?: Record<string, unknown>; responses?: Record<string, unknown> };
};

/**
 * @fastify/swagger `transformObject`: the shared Problem schema, and one shared response per
 * problem status in components, which every operation refers to instead of repeating it.
 */
const transformObject: SwaggerTransformObject = (d) => {
  if (!('openapiObject' in d)) return d.swaggerObject;
  const doc = d.openapiObject as Doc;
  const shared: Record<string, unknown> = {};
  const paths: NonNullable<Doc['paths']> = {};
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    paths[path] = {};
    for (const [method, op] of Object.entries(ops)) {
      const responses = { ...op.responses };
      for (const [status, r] of Object.entries(responses)) {
        const known = RESPONSES[Number(status) as ProblemStatus];
        const mine = known && (r as { description?: string }).description === known.description;
        if (!mine || JSON.stringify((r as { content?: unknown }).content) !== PROBLEM_CONTENT) continue;
        shared[known.name] = r;
        responses[status] = { $ref: `#/components/responses/${known.name}` };
      }
      paths[path][method] = { ...op, responses };
    }
  }
  const components = {
    ...doc.components,
    schemas: { ...doc.components?.schemas, Problem: PROBLEM_SCHEMA },
    responses: { ...doc.components?.responses, ...Object.fromEntries(Object.values(RESPONSES).filter((r) => shared[r.name]).map((r) => [r.name, shared[r.name]])) },
  };
  return { ...doc, components, paths } as unknown as typeof d.openapiObject;
};

/** Spread into @fastify/swagger's options: `await app.register(swagger, { openapi, ...problemDocs })`. */
export const problemDocs = { transform, transformObject } as const;
