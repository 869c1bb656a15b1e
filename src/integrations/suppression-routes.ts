import { Type } from 'typebox';
import type { App } from '../core/module.js';
import { IdParams, NoContent } from '../users/schemas.js';
import { NewRuleBody, SuppressionRuleSchema } from './schemas.js';
import { createRule, deleteRule, listRules } from './suppression-rules.js';

const tags = ['integrations'];

/** Suppression rules under /api/v1: admins list, make and delete them; each shows what it suppressed. */
export function suppressionRoutes(app: App): void {
  app.get(
    '/suppression-rules',
    {
      config: { minRole: 'admin' },
      schema: { tags, summary: 'Suppression rules, in the order they are tried, each with the events it matched', response: { 200: Type.Object({ items: Type.Array(SuppressionRuleSchema) }) } },
    },
    async (req) => ({ items: await listRules(req.ctx) }),
  );

  app.post(
    '/suppression-rules',
    {
      config: { minRole: 'admin' },
      schema: { tags, summary: 'Make a suppression rule: matching triggers are dropped (counted) or kept quiet (an alert, no incident, no page)', body: NewRuleBody, response: { 201: SuppressionRuleSchema } },
    },
    async (req, reply) => reply.code(201).send(await createRule(req.ctx, req.body)),
  );

  app.delete(
    '/suppression-rules/:id',
    { config: { minRole: 'admin' }, schema: { tags, summary: 'Delete a suppression rule', params: IdParams, problems: [404], response: { 204: NoContent } } },
    async (req, reply) => {
      await deleteRule(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
