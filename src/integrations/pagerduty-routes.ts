import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { App, Kernel } from '../core/module.js';
import { INTAKE_BODY_LIMIT, intakeCtx, jsonBodies, keyCtx, senderErrors, takeAllowance, applyInGroup } from './intake-http.js';
import { parseAlertEvent, parseChangeEvent, routingKeyOf } from './pagerduty.js';
import { PdAccepted, PdInvalid } from './schemas.js';
import { findKey, newKeySecret, recordChange } from './service.js';

// PagerDuty Events API v2 at the same paths: switching a sender is a URL change.

const invalid = (reply: FastifyReply, errors: string[]) => reply.code(400).send({ status: 'invalid event', message: 'Event object is invalid', errors });

const docs = (summary: string, description: string) => ({
  tags: ['intake'],
  summary,
  description,
  security: [],
  problems: [429] as const,
  body: Type.Unknown({ description: 'A PagerDuty Events API v2 event (JSON, at most 512 KB); routing_key is a Tocsin integration key' }),
  response: { 202: PdAccepted, 400: PdInvalid },
});

export function registerPagerDutyRoutes(app: App, kernel: Kernel): void {
  void app.register(async (scope) => {
    jsonBodies(scope);
    senderErrors(scope, (reply, message) => invalid(reply, [message]));

    scope.post(
      '/v2/enqueue',
      {
        bodyLimit: INTAKE_BODY_LIMIT,
        // Its answers are a few dozen bytes: the compression hook was work for nothing per event.
        compress: false,
        config: { public: true },
        schema: docs(
          'PagerDuty Events API v2: trigger, acknowledge or resolve an alert',
          'Answers as PagerDuty does: 202 with the dedup_key (generated for a trigger without one), 400 with the errors, 429 with Retry-After when the key sent too many events this minute. An acknowledge or resolve for no open alert is accepted and dropped.',
        ),
      },
      async (req, reply) => {
        const secret = routingKeyOf(req.body);
        if (!secret) return invalid(reply, ["'routing_key' is missing or blank"]);
        takeAllowance(kernel, secret, 1);
        const parsed = parseAlertEvent(req.body, newKeySecret);
        if (!parsed.ok) return invalid(reply, parsed.errors);
        const key = await findKey(intakeCtx(kernel, req), secret);
        if (!key) return invalid(reply, ['Invalid routing key']);
        await applyInGroup(kernel, keyCtx(kernel, req, key), key, 'pagerduty', [parsed.value]);
        return reply.code(202).send({ status: 'success', message: 'Event processed', dedup_key: parsed.value.dedup_key });
      },
    );

    scope.post(
      '/v2/change/enqueue',
      {
        bodyLimit: INTAKE_BODY_LIMIT,
        config: { public: true },
        schema: docs('PagerDuty Events API v2: a change event (a deploy) on the key’s service', 'Stored as a change on the service; incidents list the changes before they started.'),
      },
      async (req, reply) => {
        const secret = routingKeyOf(req.body);
        if (!secret) return invalid(reply, ["'routing_key' is missing or blank"]);
        takeAllowance(kernel, secret, 1);
        const parsed = parseChangeEvent(req.body);
        if (!parsed.ok) return invalid(reply, parsed.errors);
        const key = await findKey(intakeCtx(kernel, req), secret);
        if (!key) return invalid(reply, ['Invalid routing key']);
        await recordChange(keyCtx(kernel, req, key), key.service_id, parsed.value, key.id);
        return reply.code(202).send({ status: 'success', message: 'Change event processed' });
      },
    );
  });
}
