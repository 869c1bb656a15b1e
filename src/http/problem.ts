import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, RateLimitedError } from '../core/errors.js';
import { isDatabaseDown, isTransientConflict } from '../core/db/index.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  field?: string;
  instance?: string;
  request_id?: string;
}

const problemType = (code: string) => `https://tocsin.dev/problems/${code}`;

function make(status: number, code: string, title: string, detail: string, field?: string): Problem {
  return { type: problemType(code), title, status, detail, code, ...(field ? { field } : {}) };
}

interface AjvError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Names the offending field of a schema failure as a dotted path, e.g. `impact.users_affected`. */
function fieldOf(e: AjvError, context: string | undefined): string {
  const base = (e.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const extra =
    (e.params?.missingProperty as string | undefined) ?? (e.params?.additionalProperty as string | undefined);
  const path = [base, extra].filter(Boolean).join('.');
  return path || context || 'body';
}

function fromValidation(err: FastifyError): Problem {
  const first = (err.validation?.[0] ?? {}) as AjvError;
  const field = fieldOf(first, err.validationContext);
  let detail: string;
  const allowed = first.params?.allowedValues;
  if (first.keyword === 'required') detail = `${field} is required`;
  else if (first.keyword === 'additionalProperties') detail = `${field} is not a known field`;
  else if (first.keyword === 'enum' && Array.isArray(allowed)) detail = `${field} must be one of ${allowed.join(', ')}`;
  else if (first.keyword === 'format' && first.params?.format === 'date-time') detail = `${field} must be an RFC 3339 time such as 2026-01-05T09:00:00Z`;
  // A query value is a string unless the parameter came twice (`?status=open&status=resolved`).
  else if (err.validationContext === 'querystring' && first.keyword === 'type' && first.params?.type === 'string')
    detail = `${field} is given more than once: give it once (where it takes several values, as one comma-separated list: ${field}=a,b)`;
  else detail = `${field} ${inWords(first) ?? first.message ?? 'is invalid'}`;
  return make(400, 'validation', 'Invalid request', detail, field);
}

const n = (v: unknown): string => Number(v).toLocaleString('en');
const A_TYPE: Record<string, string> = { string: 'a string', integer: 'a whole number', number: 'a number', boolean: 'true or false', object: 'an object', array: 'a list', null: 'null' };

/** Ajv's "must NOT have more than 10000 characters" and "must be >= 0", as people say them. */
function inWords(e: AjvError): string | null {
  const limit = e.params?.limit;
  switch (e.keyword) {
    case 'minLength':
      return limit === 1 ? 'must not be empty' : `must be at least ${n(limit)} characters`;
    case 'maxLength':
      return `must be at most ${n(limit)} characters`;
    case 'minItems':
      return limit === 1 ? 'must not be an empty list' : `must hold at least ${n(limit)} items`;
    case 'maxItems':
      return `may hold at most ${n(limit)} items`;
    case 'maxProperties':
      return `may hold at most ${n(limit)} fields`;
    case 'minimum':
      return `must be at least ${n(limit)}`;
    case 'maximum':
      return `must be at most ${n(limit)}`;
    case 'type':
      return typeof e.params?.type === 'string' && A_TYPE[e.params.type] ? `must be ${A_TYPE[e.params.type]}` : null;
    default:
      return null;
  }
}

/** Maps any error to an RFC 9457 problem; unknown errors become a 500 that hides internals. */
export function toProblem(err: unknown): Problem {
  if (err instanceof AppError) {
    const field = 'field' in err ? (err.field as string | undefined) : undefined;
    return make(err.status, err.code, err.title, err.message, field);
  }
  const fe = err as FastifyError;
  if (fe?.validation) return fromValidation(fe);
  switch (fe?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return make(413, 'payload_too_large', 'Payload too large', 'The request body is larger than this server accepts');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return make(400, 'validation', 'Invalid request', `The body is not valid JSON: ${fe.message}`, 'body');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return make(415, 'validation', 'Unsupported media type', 'Send JSON with Content-Type: application/json', 'content-type');
  }
  if (err instanceof SyntaxError) return make(400, 'validation', 'Invalid request', `The body is not valid JSON: ${err.message}`, 'body');
  if (isDatabaseDown(err)) {
    return make(503, 'unavailable', 'Service unavailable', 'The database is not reachable; try again shortly');
  }
  if (isTransientConflict(err)) {
    return make(503, 'unavailable', 'Service unavailable', 'A concurrent change got in the way of this one, and nothing of it was kept; try again');
  }
  if (fe?.statusCode === 429) return make(429, 'rate_limited', 'Too many requests', fe.message);
  if (fe?.statusCode === 414) return make(414, 'payload_too_large', 'URI too long', 'A path segment is longer than this server accepts (100 characters)');
  if (fe?.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return make(fe.statusCode, 'validation', 'Invalid request', fe.message);
  }
  return make(500, 'internal', 'Internal error', 'Something went wrong on our side; it has been logged');
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const p = toProblem(err);
  if (p.status >= 500) req.log.error({ err }, 'request failed');
  else req.log.info({ code: p.code, detail: p.detail }, 'request refused');
  if (err instanceof RateLimitedError) reply.header('retry-after', String(err.retryAfterSeconds));
  else if (p.status === 503) reply.header('retry-after', '1');
  return reply
    .code(p.status)
    .type('application/problem+json')
    .send({ ...p, instance: req.url, request_id: req.id });
}
