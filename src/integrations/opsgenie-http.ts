import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { listAlerts } from '../alerts/service.js';
import type { AlertJson } from '../alerts/model.js';
import type { Ctx } from '../core/context.js';
import type { Kernel } from '../core/module.js';
import { intakeCtx, keyCtx, takeAllowance } from './intake-http.js';
import { scopedDedupKey } from './model.js';
import { genieKeyOf, type Errors } from './opsgenie.js';
import { requestIdOf, type RequestAction, type RequestOutcome } from './opsgenie-requests.js';
import { OgAccepted, OgRefused } from './schemas.js';
import { findKey, identifiedAlert, type IntegrationKey } from './service.js';

// What the Opsgenie routes share: the answers in Opsgenie's shape, the key a request presents,
// and the alert an action names (by id or alias).

type Req = Pick<FastifyRequest, 'id' | 'log' | 'headers' | 'query'>;

export const took = (reply: FastifyReply) => Math.round(reply.elapsedTime) / 1000;
/** 202 once the request's work has committed; its requestId tells GET /v2/alerts/requests/:id how it went. */
export const accepted = (kernel: Kernel, reply: FastifyReply, action: RequestAction, outcome: RequestOutcome, alertId: string | null) => {
  const requestId = requestIdOf({ action, at: kernel.clock.now().getTime(), outcome, alertId });
  return reply.code(202).send({ result: 'Request will be processed', took: took(reply), requestId });
};
export const refuse = (reply: FastifyReply, status: number, message: string, errors?: Errors) =>
  reply.code(status).send({ message, took: took(reply), requestId: randomUUID(), ...(errors ? { errors } : {}) });
export const notProcessable = (reply: FastifyReply, errors: Errors) => refuse(reply, 422, 'Request body is not processable. Please check the errors.', errors);

export const IdentifierQuery = Type.Object({
  identifierType: Type.Optional(Type.String({ maxLength: 20, description: 'id (the Tocsin alert id, the default) or alias (the dedup key)' })),
  apiKey: Type.Optional(Type.String({ maxLength: 200 })),
});
export const responses = { 202: OgAccepted, 400: OgRefused, 401: OgRefused, 422: OgRefused };
export const schema = (summary: string) => ({ tags: ['intake'], summary, security: [], problems: [429] as const, body: Type.Unknown({ description: 'Opsgenie’s request body (JSON, at most 512 KB)' }), response: responses });

/** The key the request presents, with its allowance taken; or why it cannot be used (a 401). */
export async function authenticate(kernel: Kernel, req: Req): Promise<{ key: IntegrationKey } | { refused: string }> {
  const secret = genieKeyOf(req.headers.authorization, req.query);
  if (!secret) return { refused: 'Could not authenticate: send Authorization: GenieKey <integration key>' };
  takeAllowance(kernel, secret, 1);
  const key = await findKey(intakeCtx(kernel, req), secret);
  return key ? { key } : { refused: 'Could not authenticate: the key is unknown or revoked' };
}

export type IdentifiedReq = Req & { params: { identifier: string }; query: { identifierType?: string } };

/**
 * The alert an action names (`identifier`, by `identifierType` id or alias) through the request's
 * key: its dedup key (null when there is no such alert) and, named by id, the alert; or the refusal
 * sent (401, 422 for a bad identifierType or body, checked in that order).
 */
export async function identified(kernel: Kernel, req: IdentifiedReq, reply: FastifyReply, parsed: { ok: true } | { ok: false; errors: Errors }): Promise<{ ctx: Ctx; key: IntegrationKey; dedup: string | null; byId: AlertJson | null } | FastifyReply> {
  const auth = await authenticate(kernel, req);
  if ('refused' in auth) return refuse(reply, 401, auth.refused);
  const type = req.query.identifierType ?? 'id';
  if (type !== 'id' && type !== 'alias') return notProcessable(reply, { identifierType: 'identifierType should be one of [id, alias].' });
  if (!parsed.ok) return notProcessable(reply, parsed.errors);
  const ctx = keyCtx(kernel, req, auth.key);
  const found = await identifiedAlert(ctx, auth.key, req.params.identifier, type);
  return { ctx, key: auth.key, dedup: found?.dedup ?? null, byId: found?.alert ?? null };
}

/** The key's newest alert under an alias (Opsgenie's alias names the open one, else the last). */
export async function latestAlert(ctx: Ctx, key: IntegrationKey, dedup: string) {
  return (await listAlerts(ctx, { source_ref: key.id, dedup_key: scopedDedupKey(key.id, dedup), limit: 1 })).items[0];
}

