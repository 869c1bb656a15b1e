import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { NotFoundError, ValidationError } from '../core/errors.js';
import type { App, Kernel } from '../core/module.js';
import { parseAlertmanager, parseWebhook } from './alertmanager.js';
import { INTAKE_BODY_LIMIT, intakeCtx, jsonBodies, keyCtx, takeAllowance, applyInGroup } from './intake-http.js';
import type { IntakeEvent, WebhookMapping } from './model.js';
import { findKey, newKeySecret, type IntegrationKey } from './service.js';

// Alertmanager's webhook receiver and the generic JSON webhook: the key is in the URL (these
// senders cannot set headers), refusals are Tocsin's problems.

const Accepted = Type.Object({ status: Type.Literal('success'), message: Type.String(), events: Type.Integer({ description: 'Events applied' }) }, { description: 'Applied' });
const KeyParam = Type.Object({ key: Type.String({ maxLength: 100, description: 'The integration key' }) });

async function keyFor(kernel: Kernel, req: Pick<FastifyRequest, 'id' | 'log'>, secret: string): Promise<IntegrationKey> {
  const key = await findKey(intakeCtx(kernel, req), secret);
  if (!key) throw new NotFoundError('Integration key', `${secret.slice(0, 6)}… (unknown or revoked)`);
  return key;
}

function refuseUnless<T>(parsed: { ok: true; value: T } | { ok: false; errors: string[] }): T {
  if (!parsed.ok) throw new ValidationError(parsed.errors.join('; '), 'body');
  return parsed.value;
}

export function registerWebhookRoutes(app: App, kernel: Kernel): void {
  void app.register(async (scope) => {
    jsonBodies(scope);
    const route = (url: string, summary: string, description: string, parse: (body: unknown, key: IntegrationKey) => IntakeEvent[], source: string) =>
      scope.post<{ Params: { key: string } }>(
        url,
        {
          bodyLimit: INTAKE_BODY_LIMIT,
          config: { public: true },
          schema: { tags: ['intake'], summary, description, security: [], problems: [429], params: KeyParam, body: Type.Unknown({ description: 'JSON, at most 512 KB' }), response: { 202: Accepted } },
        },
        async (req, reply) => {
          const key = await keyFor(kernel, req, req.params.key);
          const events = parse(req.body, key);
          takeAllowance(kernel, req.params.key, Math.max(1, events.length));
          await applyInGroup(kernel, keyCtx(kernel, req, key), key, source, events);
          return reply.code(202).send({ status: 'success', message: 'Events processed', events: events.length });
        },
      );

    route(
      '/integrations/alertmanager/:key',
      'Prometheus Alertmanager webhook receiver (payload version 4)',
      'Each alert is tracked by its fingerprint: firing raises, resolved resolves. Summary from annotations.summary, description or labels.alertname; severity from labels.severity.',
      (body) => refuseUnless(parseAlertmanager(body)),
      'alertmanager',
    );
    route(
      '/integrations/webhook/:key',
      'Generic JSON webhook, read through the key’s field mapping',
      'The mapping (set on the key) gives the JSON paths of summary, severity, dedup key and status, and which status values resolve or acknowledge.',
      (body, key) => [refuseUnless(parseWebhook(body, key.mapping ? (JSON.parse(key.mapping) as WebhookMapping) : null, newKeySecret()))],
      'webhook',
    );
  });
}
