import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { makeCtx, type Ctx, type TxCtx } from '../core/context.js';
import { RateLimitedError, ValidationError } from '../core/errors.js';
import type { App, Kernel } from '../core/module.js';
import { sendProblem } from '../http/problem.js';
import { KeyRateLimit } from './rate-limit.js';
import { createCommitGroups, type CommitGroups } from '../core/commit-groups.js';
import type { IntakeEvent } from './model.js';
import { applyEvents, applyLoneTriggers, keyHash, type Applied, type IntegrationKey } from './service.js';

// What the intake endpoints share: their own JSON parsing and body limit, the per-key rate
// limit, and the context an event is applied in (acting as the key).

/** Senders' bodies are refused above this, by each intake route itself (413). */
export const INTAKE_BODY_LIMIT = 512 * 1024;

/** A body that is not JSON: each wire format answers it in its own shape. */
export class BadJsonError extends ValidationError {}

/**
 * Intake routes parse every body as JSON whatever its Content-Type (senders differ: curl sends
 * form-encoded, some send text/plain), with the intake limit instead of the API's.
 */
export function jsonBodies(scope: App): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: INTAKE_BODY_LIMIT }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(new BadJsonError(`the body is not valid JSON: ${(err as Error).message}`, 'body'), undefined);
    }
  });
}

/**
 * The sender-facing 400 for a refusal of the request itself (bad JSON, a NUL character, a schema
 * failure); null for the rest (413, 429, 503 ...), which go out as problems.
 */
export function badRequestMessage(err: unknown): string | null {
  if (err instanceof RateLimitedError) return null;
  if (err instanceof ValidationError) return err.message;
  const fe = err as FastifyError;
  if (fe?.validation) return fe.message;
  if (fe?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return fe.message;
  return null;
}

/** An error handler answering 400s in the sender's shape and the rest as problems. */
export function senderErrors(scope: App, bad: (reply: FastifyReply, message: string) => FastifyReply): void {
  scope.setErrorHandler((err, req, reply) => {
    const message = badRequestMessage(err);
    return message === null ? sendProblem(req, reply, err) : bad(reply, message);
  });
}

const limits = new WeakMap<Kernel, KeyRateLimit>();

/** Takes `n` events from the key's allowance; throws 429 with Retry-After when it is spent. */
export function takeAllowance(kernel: Kernel, secret: string, n: number): void {
  let limit = limits.get(kernel);
  if (!limit) limits.set(kernel, (limit = new KeyRateLimit(kernel.config.intakeEventsPerMinute)));
  const wait = limit.take(keyHash(secret), n, kernel.clock.now().getTime());
  if (wait > 0) throw new RateLimitedError(`This integration key sent more than ${kernel.config.intakeEventsPerMinute} events this minute; retry in ${wait} s`, wait);
}

/** The context an event is applied in: acting as the integration key. */
type Req = Pick<FastifyRequest, 'id' | 'log'>;

export const keyCtx = (kernel: Kernel, req: Req, key: IntegrationKey): Ctx =>
  makeCtx(kernel, { kind: 'integration', integrationKeyId: key.id, name: key.name }, req.id, req.log);

/** The context for reading keys before one is known. */
export const intakeCtx = (kernel: Kernel, req: Req): Ctx => makeCtx(kernel, { kind: 'system', name: 'intake' }, req.id, req.log);

/** A request's events; `notOpen` once its group found no open alert for its lone trigger. */
type Unit = { key: IntegrationKey; source: string; events: IntakeEvent[]; notOpen?: boolean };
const commitGroups = new WeakMap<Kernel, CommitGroups<Unit>>();

/** The group's shared first step: its lone triggers counted or opened together (applyLoneTriggers). */
async function lonesTogether(t: TxCtx, units: readonly (Unit | undefined)[]): Promise<({ value: Applied[] } | undefined)[]> {
  const applied = await applyLoneTriggers(t, units);
  return applied.map((a, i) => {
    if (a === 'not-open') units[i]!.notOpen = true;
    return Array.isArray(a) ? { value: a } : undefined;
  });
}

/**
 * Applies a sender's events in a group commit: events arriving together share one transaction
 * (each in its own savepoint) and every sender is answered after that commit. One fsync per event
 * would cap SQLite near a thousand events a second. The group's repeats of open alerts (nine in
 * ten events, typically) are counted first, all in one statement, and its new alerts that join an
 * open incident are stored together (applyLoneTriggers): on PostgreSQL each statement is a round
 * trip, and a group ran three per repeat (savepoint, count, release).
 */
export function applyInGroup(kernel: Kernel, ctx: Ctx, key: IntegrationKey, source: string, events: IntakeEvent[]): Promise<Applied[]> {
  let groups = commitGroups.get(kernel);
  if (!groups) commitGroups.set(kernel, (groups = createCommitGroups<Unit>({ batch: lonesTogether })));
  const unit: Unit = { key, source, events };
  return groups.run(ctx, (t) => applyEvents(t, key, source, events, unit.notOpen), unit);
}
