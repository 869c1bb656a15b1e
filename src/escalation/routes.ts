import { ListQuery, pageSchema } from '../core/lists.js';
import type { App } from '../core/module.js';
import { IdParams, NoContent } from '../users/schemas.js';
import * as S from './schemas.js';
import { attachPolicy, createPolicy, deletePolicy, getPolicy, listPolicies, policyOnCall, serviceOnCall, updatePolicy } from './service.js';

const tags = ['escalation'];

export function escalationRoutes(app: App): void {
  app.get('/escalation-policies', { config: { minRole: 'viewer' }, schema: { tags, summary: 'List escalation policies by name, with their tiers', querystring: ListQuery, response: { 200: pageSchema(S.PolicySchema) } } }, async (req) =>
    listPolicies(req.ctx, req.query),
  );

  app.get('/escalation-policies/:id', { config: { minRole: 'viewer' }, schema: { tags, summary: 'One escalation policy with its tiers and targets', params: IdParams, response: { 200: S.PolicySchema } } }, async (req) =>
    getPolicy(req.ctx, req.params.id),
  );

  app.post(
    '/escalation-policies',
    { config: { minRole: 'admin' }, schema: { tags, summary: 'Create an escalation policy from tiers, or from the default template and its four targets', body: S.NewPolicyBody, response: { 201: S.PolicySchema } } },
    async (req, reply) => reply.code(201).send(await createPolicy(req.ctx, req.body)),
  );

  app.patch('/escalation-policies/:id', { config: { minRole: 'admin' }, schema: { tags, summary: 'Change an escalation policy; tiers replaces every tier', params: IdParams, body: S.PolicyPatchBody, response: { 200: S.PolicySchema } } }, async (req) =>
    updatePolicy(req.ctx, req.params.id, req.body),
  );

  app.delete('/escalation-policies/:id', { config: { minRole: 'admin' }, schema: { tags, summary: 'Delete an escalation policy (services using it are left without one)', params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await deletePolicy(req.ctx, req.params.id);
    return reply.code(204).send(null);
  });

  app.get(
    '/escalation-policies/:id/on-call',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'Who each tier would reach now, or at `at` (with `severity`: which tiers apply)', params: IdParams, querystring: S.OnCallQuery, response: { 200: S.PolicyOnCallSchema } } },
    async (req) => policyOnCall(req.ctx, req.params.id, req.query),
  );

  app.put('/services/:id/escalation-policy', { config: { minRole: 'admin' }, schema: { tags, summary: 'Set the escalation policy of a service (null: none)', params: IdParams, body: S.AttachBody, response: { 200: S.AttachAnswer } } }, async (req) =>
    attachPolicy(req.ctx, req.params.id, req.body.policy_id),
  );

  app.get(
    '/services/:id/on-call',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'The service’s escalation policy and who each tier would reach now, or at `at`', params: IdParams, querystring: S.OnCallQuery, response: { 200: S.PolicyOnCallSchema } } },
    async (req) => serviceOnCall(req.ctx, req.params.id, req.query),
  );
}
