import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { makeCtx, systemActor } from '../core/context.js';
import { type AppError, ForbiddenError, NotFoundError } from '../core/errors.js';
import type { App, Kernel } from '../core/module.js';
import type { IncidentJson } from '../incidents/model.js';
import { getIncident } from '../incidents/service.js';
import { confirmPage, refusedPage, resultPage, type LinkIncident } from './links-page.js';
import { inspectActionToken, redeemActionToken, type RedeemedLink, type RedeemError } from './links.js';

// `/act/<token>`: the page an acknowledge or resolve link opens. The token is the credential
// (auth 'signed-link'); nobody signs in. GET asks, POST acts. A browser gets HTML; a script
// (a push notification's action, with `Accept: application/json`) gets JSON.

const Params = Type.Object({ token: Type.String({ maxLength: 200 }) });
/** Which channel's button this was, for the timeline: push and chat post to the same links. */
const Query = Type.Object({ via: Type.Optional(Type.Union([Type.Literal('email'), Type.Literal('push'), Type.Literal('chat')])) });
type Req = FastifyRequest<{ Params: { token: string }; Querystring: { via?: 'email' | 'push' | 'chat' } }>;

const REFUSED: Record<RedeemError['error'], string> = {
  unknown: 'This link is not valid',
  expired: 'This link has expired or was already used',
  used: 'This link has expired or was already used',
};

const wantsJson = (req: FastifyRequest): boolean => /\bapplication\/json\b/.test(req.headers.accept ?? '');

const linkIncident = (i: IncidentJson, publicUrl: string): LinkIncident => ({
  number: i.number,
  title: i.title,
  severity: i.severity,
  status: i.status,
  url: `${publicUrl}/incidents/${i.number}`,
});

/** Never cached: the address is a credential (the pages also ask browsers to send no referrer). */
function html(reply: FastifyReply, status: number, body: string) {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
}

/** 403 either way: a problem+json for scripts, a page for people. */
function refuse(req: FastifyRequest, reply: FastifyReply, message: string) {
  if (wantsJson(req)) throw new ForbiddenError(message);
  return html(reply, 403, refusedPage(message));
}

/** A person who may no longer act (deactivated, now a viewer) or an incident that is gone: the link cannot act. */
const cannotAct = (err: unknown): err is AppError => err instanceof ForbiddenError || err instanceof NotFoundError;

export function registerActionRoutes(app: App, kernel: Kernel): void {
  const base = kernel.config.publicUrl;
  void app.register(async (scope) => {
    // The HTML form posts application/x-www-form-urlencoded with no fields worth reading; fetch may post nothing or JSON.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 4_096 }, (_req, _body, done) => done(null, undefined));
    const schema = { hide: true, params: Params, querystring: Query };

    scope.get('/act/:token', { schema }, async (req: Req, reply) => {
      const link = await inspectActionToken(kernel, req.params.token);
      if (link.state !== 'ready') return refuse(req, reply, REFUSED[link.state]);
      const ctx = makeCtx(kernel, systemActor('page-link'), req.id, req.log);
      const incident = await getIncident(ctx, { id: link.incidentId }).catch((err: unknown) => (cannotAct(err) ? null : Promise.reject(err)));
      if (!incident) return refuse(req, reply, REFUSED.unknown);
      return html(reply, 200, confirmPage(link.action, linkIncident(incident, base)));
    });

    scope.post('/act/:token', { schema }, async (req: Req, reply) => {
      let result: RedeemedLink | RedeemError;
      try {
        result = await redeemActionToken(kernel, req.params.token, req.query.via ?? 'email');
      } catch (err) {
        if (cannotAct(err)) return refuse(req, reply, `This link cannot act: ${err.message}`);
        throw err;
      }
      if ('error' in result) return refuse(req, reply, REFUSED[result.error]);
      const { action } = result;
      if (wantsJson(req)) {
        return reply.code(200).header('cache-control', 'no-store').send({ outcome: result.outcome, action, incident: { id: result.incident.id, number: result.incident.number, status: result.incident.status } });
      }
      return html(reply, 200, resultPage(action, result.outcome, linkIncident(result.incident, base)));
    });
  });
}
