import { pino, type DestinationStream, type LoggerOptions } from 'pino';
import type { FastifyBaseLogger } from 'fastify';

/** Fastify's logger interface, which pino satisfies; one type for services and routes. */
export type Logger = FastifyBaseLogger;

// URLs whose path or query carries a credential: a signed acknowledge link, an invitation, an
// integration key, a heartbeat, a calendar feed, a webhook's token or signature. Logs travel
// further than the database (aggregators, support tickets), so the credential stays out of them.
const SECRET_SEGMENT = /(\/(?:act|invitations|ping|integrations\/alertmanager|integrations\/webhook|calendar\/schedules|calendar\/users)\/)[^/?#]+/g;
const SECRET_PARAM = /([?&](?:token|sig|signature|secret|key|api_key|api-key|api_secret)=)[^&#]*/gi;

/** A request URL as logs may keep it: each credential replaced by "…". */
export function redactUrl(url: string): string {
  return url.replace(SECRET_SEGMENT, '$1…').replace(SECRET_PARAM, '$1…');
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Fastify's "incoming request" fields, with the URL redacted. */
const req = (r: LoggedRequest) => ({ method: r.method, url: redactUrl(r.url ?? ''), host: r.host, remoteAddress: r.ip, remotePort: r.socket?.remotePort });

export function createLogger(level: string, options: LoggerOptions = {}, destination?: DestinationStream): Logger {
  const opts = { level, base: { app: 'tocsin' }, ...options, serializers: { req, ...options.serializers } };
  return destination ? pino(opts, destination) : pino(opts);
}

/** A logger that writes nothing, for tests and CLI commands that print their own output. */
export const silentLogger: Logger = pino({ level: 'silent' });
