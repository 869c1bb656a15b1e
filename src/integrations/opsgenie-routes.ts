import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { listAlerts, reviseOpenAlert } from '../alerts/service.js';
import type { Ctx } from '../core/context.js';
import type { App, Kernel } from '../core/module.js';
import { addNote } from '../incidents/service.js';
import { INTAKE_BODY_LIMIT, intakeCtx, jsonBodies, keyCtx, senderErrors, takeAllowance, applyInGroup } from './intake-http.js';
import { scopedDedupKey, type IntakeEvent } from './model.js';
import { genieKeyOf, parseAction, parseCreate, parseTextUpdate, type Errors, type TextField } from './opsgenie.js';
import { OgAccepted, OgRefused } from './schemas.js';
import { alertDedupKey, findKey, newKeySecret, type IntegrationKey } from './service.js';

// Opsgenie Alert API v2 at the same paths (`api_url` pointed at Tocsin): create, close,
// acknowledge, notes. Opsgenie processes requests later and always answers 202 when accepted;
// so does Tocsin, though here the work is done (committed) before the answer.

type Req = Pick<FastifyRequest, 'id' | 'log' | 'headers' | 'query'>;

export const took = (reply: FastifyReply) => Math.round(reply.elapsedTime) / 1000;
const accepted = (reply: FastifyReply) => reply.code(202).send({ result: 'Request will be processed', took: took(reply), requestId: randomUUID() });
export const refuse = (reply: FastifyReply, status: number, message: string, errors?: Errors) =>
  reply.code(status).send({ message, took: took(reply), requestId: randomUUID(), ...(errors ? { errors } : {}) });
const notProcessable = (reply: FastifyReply, errors: Errors) => refuse(reply, 422, 'Request body is not processable. Please check the errors.', errors);

const ACTIONS = ['close', 'acknowledge', 'notes'] as const;
const IdentifierQuery = Type.Object({
  identifierType: Type.Optional(Type.String({ maxLength: 20, description: 'id (the Tocsin alert id, the default) or alias (the dedup key)' })),
  apiKey: Type.Optional(Type.String({ maxLength: 200 })),
});
const responses = { 202: OgAccepted, 400: OgRefused, 401: OgRefused, 422: OgRefused };
const schema = (summary: string) => ({ tags: ['intake'], summary, security: [], problems: [429] as const, body: Type.Unknown({ description: 'Opsgenie’s request body (JSON, at most 512 KB)' }), response: responses });

/** The key the request presents, with its allowance taken; or why it cannot be used (a 401). */
export async function authenticate(kernel: Kernel, req: Req): Promise<{ key: IntegrationKey } | { refused: string }> {
  const secret = genieKeyOf(req.headers.authorization, req.query);
  if (!secret) return { refused: 'Could not authenticate: send Authorization: GenieKey <integration key>' };
  takeAllowance(kernel, secret, 1);
  const key = await findKey(intakeCtx(kernel, req), secret);
  return key ? { key } : { refused: 'Could not authenticate: the key is unknown or revoked' };
}

type IdentifiedReq = Req & { params: { identifier: string }; query: { identifierType?: string } };

/**
 * The alert an action names (`identifier`, by `identifierType` id or alias) through the request's
 * key: its dedup key, null when there is no such alert; or the refusal sent (401, 422 for a bad
 * identifierType or body, checked in that order).
 */
async function identified(kernel: Kernel, req: IdentifiedReq, reply: FastifyReply, parsed: { ok: true } | { ok: false; errors: Errors }): Promise<{ ctx: Ctx; key: IntegrationKey; dedup: string | null } | FastifyReply> {
  const auth = await authenticate(kernel, req);
  if ('refused' in auth) return refuse(reply, 401, auth.refused);
  const type = req.query.identifierType ?? 'id';
  if (type !== 'id' && type !== 'alias') return notProcessable(reply, { identifierType: 'identifierType should be one of [id, alias].' });
  if (!parsed.ok) return notProcessable(reply, parsed.errors);
  const ctx = keyCtx(kernel, req, auth.key);
  return { ctx, key: auth.key, dedup: await alertDedupKey(ctx, auth.key, req.params.identifier, type) };
}

export function registerOpsgenieRoutes(app: App, kernel: Kernel): void {
  void app.register(async (scope) => {
    jsonBodies(scope);
    senderErrors(scope, (reply, message) => refuse(reply, 400, message));

    scope.post('/v2/alerts', { bodyLimit: INTAKE_BODY_LIMIT, config: { public: true }, schema: { ...schema('Opsgenie Alert API v2: create an alert (alias is the dedup key)'), querystring: IdentifierQuery } }, async (req, reply) => {
      const auth = await authenticate(kernel, req);
      if ('refused' in auth) return refuse(reply, 401, auth.refused);
      const { key } = auth;
      const parsed = parseCreate(req.body, newKeySecret());
      if (!parsed.ok) return notProcessable(reply, parsed.errors);
      await applyInGroup(kernel, keyCtx(kernel, req, key), key, 'opsgenie', [parsed.value]);
      return accepted(reply);
    });

    for (const action of ACTIONS) {
      scope.post<{ Params: { identifier: string }; Querystring: { identifierType?: string } }>(
        `/v2/alerts/:identifier/${action}`,
        {
          bodyLimit: INTAKE_BODY_LIMIT,
          config: { public: true },
          schema: { ...schema(`Opsgenie Alert API v2: ${action === 'notes' ? 'add a note to' : action} an alert, by id or alias`), params: Type.Object({ identifier: Type.String({ maxLength: 512 }) }), querystring: IdentifierQuery },
        },
        async (req, reply) => {
          const parsed = parseAction(req.body, action);
          const target = await identified(kernel, req, reply, parsed);
          if (!('dedup' in target)) return target;
          const { ctx, key, dedup } = target;
          // Like Opsgenie, an unknown alert is accepted (and then nothing happens).
          if (dedup === null || !parsed.ok) return accepted(reply);
          if (action === 'notes') await noteOnAlert(ctx, key, dedup, parsed.value.note!, parsed.value.user);
          else {
            const ev: IntakeEvent = { action: action === 'close' ? 'resolve' : 'acknowledge', dedup_key: dedup, summary: parsed.value.note ?? '', severity: null, started_at: null, details: {} };
            await applyInGroup(kernel, ctx, key, 'opsgenie', [ev]);
          }
          return accepted(reply);
        },
      );
    }

    // Alertmanager's opsgenie_configs with `update_alerts: true` sends both after every create;
    // refused, the notification failed and the group's later alerts went unsent.
    for (const field of ['message', 'description'] as const satisfies readonly TextField[]) {
      scope.put<{ Params: { identifier: string }; Querystring: { identifierType?: string } }>(
        `/v2/alerts/:identifier/${field}`,
        {
          bodyLimit: INTAKE_BODY_LIMIT,
          config: { public: true },
          schema: { ...schema(`Opsgenie Alert API v2: update an open alert’s ${field}, by id or alias`), params: Type.Object({ identifier: Type.String({ maxLength: 512 }) }), querystring: IdentifierQuery },
        },
        async (req, reply) => {
          const parsed = parseTextUpdate(req.body, field);
          const target = await identified(kernel, req, reply, parsed);
          if (!('dedup' in target)) return target;
          const { ctx, key, dedup } = target;
          // As for the other actions, an alert that is not open is accepted and left alone.
          if (dedup !== null && parsed.ok) {
            const change = field === 'message' ? { summary: parsed.value } : { description: parsed.value };
            await reviseOpenAlert(ctx, key.service_id, scopedDedupKey(key.id, dedup), change, { source: 'opsgenie', integration_key_id: key.id });
          }
          return accepted(reply);
        },
      );
    }
  });
}

/** A note goes on the timeline of the incident the alert opened or joined (none: dropped). */
async function noteOnAlert(ctx: Ctx, key: IntegrationKey, dedup: string, note: string, user: string | null): Promise<void> {
  const [alert] = (await listAlerts(ctx, { source_ref: key.id, dedup_key: scopedDedupKey(key.id, dedup), limit: 1 })).items;
  if (!alert?.incident_id) return;
  await addNote(ctx, { id: alert.incident_id, text: user ? `${note} (${user}, via Opsgenie API)` : note });
}
