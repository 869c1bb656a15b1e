import { pino, type LoggerOptions } from 'pino';
import type { FastifyBaseLogger } from 'fastify';

/** Fastify's logger interface, which pino satisfies; one type for services and routes. */
export type Logger = FastifyBaseLogger;


export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  return pino({ level, base: { app: 'tocsin' }, ...options });
}

/** A logger that writes nothing, for tests and CLI commands that print their own output. */
export const silentLogger: Logger = pino({ level: 'silent' });
