import { randomUUID } from 'node:crypto';
import { Type } from 'typebox';
import type { App, Kernel } from '../core/module.js';
import { pingByName } from '../monitors/service.js';
import { keyCtx } from './intake-http.js';
import { authenticate, refuse, took } from './opsgenie-http.js';
import { OgAccepted, OgRefused } from './schemas.js';

// Opsgenie's Heartbeat API ping, for the jobs and the Alertmanager "Watchdog" receivers that ping
// Opsgenie: `/v2/heartbeats/:name/ping` with the GenieKey of an Opsgenie integration key reaches
// the heartbeat monitors of that name on the key's service. Opsgenie answers PONG whatever the
// name; Tocsin says 404 when the service has no such heartbeat, so a mistyped name shows at once
// rather than as a heartbeat that goes late.

export function registerOpsgenieHeartbeats(app: App, kernel: Kernel): void {
  void app.register(async (scope) => {
    // A ping carries nothing; whatever body a sender adds is read and ignored.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 100_000 }, (_req, _body, done) => done(null, undefined));
    scope.route<{ Params: { name: string }; Querystring: { apiKey?: string } }>({
      method: ['GET', 'POST', 'PUT', 'PATCH'], // HEAD comes with GET
      url: '/v2/heartbeats/:name/ping',
      config: { public: true },
      schema: {
        tags: ['intake', 'heartbeats'],
        summary: 'Opsgenie Heartbeat API: ping the heartbeat monitors of this name on the key’s service',
        description: 'Authorization: GenieKey <an Opsgenie integration key> (or ?apiKey=). Records a success on each running heartbeat monitor of that name; 404 when the service has none.',
        security: [],
        params: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }),
        querystring: Type.Object({ apiKey: Type.Optional(Type.String({ maxLength: 200 })) }),
        problems: [429] as const,
        response: { 202: OgAccepted, 401: OgRefused, 404: OgRefused },
      },
      handler: async (req, reply) => {
        const auth = await authenticate(kernel, req);
        if ('refused' in auth) return refuse(reply, 401, auth.refused);
        const { found, pinged } = await pingByName(keyCtx(kernel, req, auth.key), auth.key.service_id, req.params.name);
        if (found === 0) return refuse(reply, 404, `Heartbeat with name [${req.params.name}] does not exist on this key’s service: add a heartbeat monitor of that name to it`);
        const result = pinged ? 'PONG - Heartbeat received' : 'PONG - Heartbeat received; it is paused in Tocsin, so nothing was recorded';
        return reply.code(202).send({ result, took: took(reply), requestId: randomUUID() });
      },
    });
  });
}
