import type { FastifyRequest } from 'fastify';
import type { App, Kernel } from '../../core/module.js';
import { IdParams, NoContent } from '../../users/schemas.js';
import { me } from './access.js';
import { addMethod, listMethods, relabelMethod, removeMethod, resendCode, verifyMethod } from './methods.js';
import { configuredChannels, peopleReadiness, policyReadiness, teamReadiness, userReadiness } from './readiness.js';
import { idList } from '../../core/lists.js';
import { CHANNEL_NAMES } from '../content.js';
import { addRule, listRules, removeRule } from './rules.js';
import * as S from './schemas.js';
import { sendTestPage } from './test-page.js';

const tags = ['contacts'];
// Everyone manages how they themselves are reached, viewers included (stakeholders get notices).
const self = { minRole: 'viewer' as const };
// Codes and test pages reach a phone: a per-client cap on top of the per-method minute. Keyed by
// the credential (the limit runs before authentication), so people behind one proxy do not share it.
const limited = {
  ...self,
  rateLimit: { max: 10, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => req.headers.authorization ?? req.headers.cookie ?? req.ip },
};
const problems429 = [429 as const];

export function contactRoutes(app: App, kernel: Kernel): void {
  const mine = '/users/me/contact-methods';
  app.get(mine, { config: self, schema: { tags, summary: 'Your contact methods', response: { 200: S.MethodList } } }, async (req) => listMethods(req.ctx, me(req.ctx)));
  app.get('/users/:id/contact-methods', { config: self, schema: { tags, summary: 'A person’s contact methods (admins, or yourself)', params: IdParams, response: { 200: S.MethodList } } }, async (req) =>
    listMethods(req.ctx, req.params.id === 'me' ? me(req.ctx) : req.params.id),
  );
  app.post(mine, { config: self, schema: { tags, summary: 'Add a contact method; a 6-digit code is sent to it at once (valid 15 minutes). Refused (400, field channel) on a channel this server has not configured: no code could reach it', body: S.NewMethodBody, response: { 201: S.MethodSchema } } }, async (req, reply) =>
    reply.code(201).send(await addMethod(req.ctx, { ...req.body, details: req.body.details ?? null }, configuredChannels(kernel))),
  );
  app.patch(`${mine}/:id`, { config: self, schema: { tags, summary: 'Rename one of your contact methods', params: IdParams, body: S.MethodPatchBody, response: { 200: S.MethodSchema } } }, async (req) =>
    relabelMethod(req.ctx, req.params.id, req.body.label),
  );
  app.delete(`${mine}/:id`, { config: self, schema: { tags, summary: 'Remove one of your contact methods and its rules', params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await removeMethod(req.ctx, req.params.id);
    return reply.code(204).send(null);
  });
  app.post(`${mine}/:id/verify`, { config: self, schema: { tags, summary: 'Verify a contact method with the code sent to it (5 attempts per code)', params: IdParams, body: S.VerifyBody, response: { 200: S.MethodSchema } } }, async (req) =>
    verifyMethod(req.ctx, req.params.id, req.body.code),
  );
  app.post(`${mine}/:id/resend-code`, { config: limited, schema: { tags, summary: 'Send a new code (the old one stops working); at most one a minute', params: IdParams, problems: problems429, response: { 200: S.MethodSchema } } }, async (req) =>
    resendCode(req.ctx, req.params.id, configuredChannels(kernel)),
  );

  app.get('/users/me/notification-rules', { config: self, schema: { tags, summary: 'Your notification rules: which method, how long after a page starts, per urgency', response: { 200: S.RuleList } } }, async (req) => listRules(req.ctx));
  app.post('/users/me/notification-rules', { config: self, schema: { tags, summary: 'Add a notification rule', body: S.NewRuleBody, response: { 201: S.RuleSchema } } }, async (req, reply) =>
    reply.code(201).send(await addRule(req.ctx, req.body)),
  );
  app.delete('/users/me/notification-rules/:id', { config: self, schema: { tags, summary: 'Remove a notification rule', params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await removeRule(req.ctx, req.params.id);
    return reply.code(204).send(null);
  });

  app.post('/users/me/test-page', { config: limited, schema: { tags, summary: 'Send yourself a test page on every verified method, or on `contact_method_id`; methods on a channel this server does not send on are listed in `not_sent` (400 if that leaves none)', body: S.TestPageBody, problems: problems429, response: { 202: S.TestPageAnswer } } }, async (req, reply) =>
    reply.code(202).send(await sendTestPage(req.ctx, req.body ?? {}, configuredChannels(kernel))),
  );

  // Which channels a contact method can be added on here: the form offers only those.
  app.get('/contact-channels', { config: self, schema: { tags, summary: 'The channels pages can go out on from this server, each with whether it is set up', response: { 200: S.ChannelsAnswer } } }, async () => {
    const configured = configuredChannels(kernel);
    return { items: CHANNEL_NAMES.map((channel) => ({ channel, configured: configured.has(channel) })) };
  });

  const readiness = { config: self };
  app.get('/users/:id/readiness', { ...readiness, schema: { tags, summary: 'Whether a person can be reached for each urgency, and what stands in the way', params: IdParams, response: { 200: S.UserReadiness } } }, async (req) =>
    userReadiness(req.ctx, req.params.id === 'me' ? me(req.ctx) : req.params.id, configuredChannels(kernel)),
  );
  app.get('/readiness', { ...readiness, schema: { tags, summary: 'users/{id}/readiness for several people at once (the People list)', querystring: S.PeopleReadinessQuery, response: { 200: S.PeopleReadiness } } }, async (req) => ({
    items: await peopleReadiness(req.ctx, idList(req.query.user_ids, 'user_ids'), configuredChannels(kernel)),
  }));
  app.get('/escalation-policies/:id/readiness', { ...readiness, schema: { tags, summary: 'The people a policy targets who cannot be reached for high urgency, and why', params: IdParams, response: { 200: S.GroupReadiness } } }, async (req) =>
    policyReadiness(req.ctx, req.params.id, configuredChannels(kernel)),
  );
  app.get('/teams/:id/readiness', { ...readiness, schema: { tags, summary: 'The members of a team who cannot be reached for high urgency, and why', params: IdParams, response: { 200: S.GroupReadiness } } }, async (req) =>
    teamReadiness(req.ctx, req.params.id, configuredChannels(kernel)),
  );
}
