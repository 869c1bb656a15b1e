import type { Socket } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { ValidationError } from '../core/errors.js';
import type { App } from './deps.js';

const NUL = '\u0000';

/** Deeper than any real payload (PagerDuty's custom_details, Alertmanager's labels): past it, a body is refused. */
export const MAX_NESTING = 100;

// ES2024's well-formed string methods (Node 20 has them; the ES2022 lib does not declare them).
const wellFormed = (s: string): string => ((s as unknown as { isWellFormed(): boolean }).isWellFormed() ? s : (s as unknown as { toWellFormed(): string }).toWellFormed());

/**
 * The dotted path of the first string holding a NUL character, or null; on the way, a lone UTF-16
 * surrogate (`"\ud800"` in the JSON) in any string or key inside `value` becomes U+FFFD in place,
 * as the databases' UTF-8 text would store it anyway: kept as an escape in a JSON column it made
 * PostgreSQL's cast to jsonb fail (the noise report answered 500 for every range holding it).
 * Throws a ValidationError for a value nested deeper than MAX_NESTING: JSON.parse takes thousands
 * of levels, but every recursive walk after it (this one, JSON.stringify, the schema) would
 * overflow the stack (a 500).
 */
export function scrubInput(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path : null;
  if (!value || typeof value !== 'object') return null;
  if (depth >= MAX_NESTING) {
    const part = path.split(/[.[]/)[0]!;
    throw new ValidationError(`${part} is nested more than ${MAX_NESTING} levels deep`, part);
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === 'string') value[i] = wellFormed(v);
      const found = scrubInput(v, `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  const record = value as Record<string, unknown>;
  for (const k of Object.keys(record)) {
    if (k.includes(NUL)) return `${path}.${k.replaceAll(NUL, '\\0')}`;
    const v = record[k];
    if (typeof v === 'string') record[k] = wellFormed(v);
    const key = wellFormed(k);
    if (key !== k) {
      delete record[k];
      record[key] = record[key] ?? v;
    }
    const found = scrubInput(v, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * A NUL character is refused everywhere with a 400 naming the field, before any schema or
 * database sees it: PostgreSQL cannot store one in text and SQLite would, so both databases
 * now behave alike and nothing half-stored can follow. So is a body nested past MAX_NESTING; lone
 * surrogates are made U+FFFD (scrubInput).
 */
export function refuseNulCharacters(app: App): void {
  app.addHook('preValidation', async (req: FastifyRequest) => {
    if (typeof req.body === 'string') req.body = wellFormed(req.body);
    for (const [part, value] of [['params', req.params], ['query', req.query], ['body', req.body]] as const) {
      const found = scrubInput(value, part);
      if (found) {
        const field = found.replace(/^(params|query|body)\./, '');
        throw new ValidationError(`${field} must not contain a NUL character (\\u0000)`, field);
      }
    }
  });
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers or URL too large, a
 * malformed request line) still get a problem+json answer, then the connection closes.
 */
export function clientErrorProblem(err: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return void socket.destroy();
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const title = tooLarge ? 'Request header fields too large' : 'Bad request';
  const detail = tooLarge ? 'The request line or headers are larger than this server accepts (16 KB); shorten the URL' : 'The request is not valid HTTP';
  const body = JSON.stringify({ type: `https://tocsin.dev/problems/${tooLarge ? 'payload_too_large' : 'validation'}`, title, status, detail, code: tooLarge ? 'payload_too_large' : 'validation' });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
