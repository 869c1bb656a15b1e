import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimitedError } from '../core/errors.js';
import { Type } from 'typebox';
import type { App, Kernel } from '../core/module.js';
import { INTAKE_BODY_LIMIT, intakeCtx, jsonBodies, keyCtx, senderErrors, takeAllowance, applyInGroup } from './intake-http.js';
import { parseAlertEvent, parseChangeEvent, parseV1Event, routingKeyOf, serviceKeyOf, type Parsed } from './pagerduty.js';
import type { IntakeEvent } from './model.js';
import { PdAccepted, PdInvalid, PdV1Accepted, PdV1Throttled } from './schemas.js';
import { findKey, newKeySecret, recordChange } from './service.js';
import { PD_V1_PATH } from './sender-urls.js';

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

/** A parsed event applied through the sender's key in a group commit: the dedup key it went under, or the refusal sent. */
async function applyThroughKey(kernel: Kernel, req: FastifyRequest, reply: FastifyReply, secret: string, parsed: Parsed<IntakeEvent>, unknownKey: string): Promise<string | FastifyReply> {
  if (!parsed.ok) return invalid(reply, parsed.errors);
  const key = await findKey(intakeCtx(kernel, req), secret);
  if (!key) return invalid(reply, [unknownKey]);
  await applyInGroup(kernel, keyCtx(kernel, req, key), key, 'pagerduty', [parsed.value]);
  return parsed.value.dedup_key;
}

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
        const applied = await applyThroughKey(kernel, req, reply, secret, parseAlertEvent(req.body, newKeySecret), 'Invalid routing key');
        if (typeof applied !== 'string') return applied;
        return reply.code(202).send({ status: 'success', message: 'Event processed', dedup_key: applied });
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

/**
 * PagerDuty Events API v1 at its path, for the senders that still speak it (older Nagios, Zabbix
 * and Icinga scripts): the same events as v2, answered as v1 answers (200 with the incident_key;
 * throttling is a 403, as v1 documents, with Retry-After).
 */
export function registerPagerDutyV1Route(app: App, kernel: Kernel): void {
  void app.register(async (scope) => {
    jsonBodies(scope);
    senderErrors(scope, (reply, message) => invalid(reply, [message]));
    scope.post(
      PD_V1_PATH,
      {
        bodyLimit: INTAKE_BODY_LIMIT,
        compress: false,
        config: { public: true },
        schema: {
          ...docs(
            'PagerDuty Events API v1: trigger, acknowledge or resolve an alert',
            'For senders that still speak v1: service_key is a Tocsin integration key, incident_key the dedup key, description the summary. 200 with the incident_key; 400 with the errors; 403 with Retry-After when the key sent too many events this minute.',
          ),
          problems: [],
          response: { 200: PdV1Accepted, 400: PdInvalid, 403: PdV1Throttled },
        },
      },
      async (req, reply) => {
        const secret = serviceKeyOf(req.body);
        if (!secret) return invalid(reply, ["'service_key' is missing or blank"]);
        try {
          takeAllowance(kernel, secret, 1);
        } catch (err) {
          if (!(err instanceof RateLimitedError)) throw err;
          return reply.code(403).header('retry-after', String(err.retryAfterSeconds)).send({ status: 'throttle exceeded', message: err.message });
        }
        const applied = await applyThroughKey(kernel, req, reply, secret, parseV1Event(req.body, newKeySecret), 'Service key is not a valid integration key');
        if (typeof applied !== 'string') return applied;
        return reply.code(200).send({ status: 'success', message: 'Event processed', incident_key: applied });
      },
    );
  });
}
