import type { App } from '../core/module.js';
import { inTransaction } from '../core/events.js';
import { IdParams } from '../users/schemas.js';
import { getIncidentForChange } from '../incidents/service.js';
import { acknowledgePaging, escalateNow, snooze } from './lifecycle.js';
import { pageSomeone } from './manual.js';
import { incidentPaging, pagingOf, userPages } from './read.js';
import { idList } from '../core/lists.js';
import * as S from './schemas.js';
import { getPagingSettings, setPagingSettings } from './settings.js';

const tags = ['paging'];

export function pagingRoutes(app: App): void {
  app.get('/incidents/:id/pages', { config: { minRole: 'viewer' }, schema: { tags, summary: 'Who was paged for the incident, when, how, and whether it was delivered, failed or acknowledged', params: S.IncidentParams, response: { 200: S.IncidentPagingSchema } } }, async (req) =>
    incidentPaging(req.ctx, req.params.id),
  );

  app.get('/pages', { config: { minRole: 'viewer' }, schema: { tags, summary: 'incidents/{id}/pages for several incidents at once (the incident list shows who is paged on each)', querystring: S.PagingOfQuery, response: { 200: S.PagingOfSchema } } }, async (req) =>
    ({ items: await pagingOf(req.ctx, idList(req.query.incident_ids, 'incident_ids')) }),
  );

  app.post('/incidents/:id/page', { config: { minRole: 'responder' }, schema: { tags, summary: 'Page someone else: a person, a schedule’s on-call, a team, or a service’s experts', params: S.IncidentParams, body: S.ManualPageBody, response: { 201: S.ManualPageAnswer } } }, async (req, reply) =>
    reply.code(201).send(await pageSomeone(req.ctx, req.params.id, req.body)),
  );

  app.post('/incidents/:id/escalate', { config: { minRole: 'responder' }, schema: { tags, summary: 'Escalate now: fire the next tier without waiting for its delay', params: S.IncidentParams, response: { 200: S.EscalateAnswer } } }, async (req) =>
    escalateNow(req.ctx, req.params.id),
  );

  app.post('/incidents/:id/snooze', { config: { minRole: 'responder' }, schema: { tags, summary: 'Pause paging of an acknowledged incident for some minutes', params: S.IncidentParams, body: S.SnoozeBody, response: { 200: S.SnoozeAnswer } } }, async (req) =>
    snooze(req.ctx, req.params.id, req.body.minutes),
  );

  app.post('/incidents/:id/pages/acknowledge', { config: { minRole: 'responder' }, schema: { tags, summary: 'Acknowledge the pages of an incident that is already acknowledged (paging again after a timeout)', params: S.IncidentParams, response: { 200: S.AcknowledgeAnswer } } }, async (req) =>
    inTransaction(req.ctx, async (t) => {
      const incident = await getIncidentForChange(t, req.params.id);
      return { acknowledged: await acknowledgePaging(t, incident.id, t.clock.now().getTime()) };
    }),
  );

  app.get('/users/:id/pages', { config: { minRole: 'viewer' }, schema: { tags, summary: 'A person’s pages, newest first (yourself: me)', params: S.UserParams, response: { 200: S.UserPagesSchema } } }, async (req) =>
    userPages(req.ctx, req.params.id),
  );

  app.get('/services/:id/paging', { config: { minRole: 'viewer' }, schema: { tags, summary: 'How urgent each severity is for the service, and its business hours', params: IdParams, response: { 200: S.PagingSettingsSchema } } }, async (req) =>
    getPagingSettings(req.ctx, req.params.id),
  );

  app.patch('/services/:id/paging', { config: { minRole: 'admin' }, schema: { tags, summary: 'Change urgencies per severity (high, low, none) and business hours', params: IdParams, body: S.PagingSettingsBody, response: { 200: S.PagingSettingsSchema } } }, async (req) =>
    setPagingSettings(req.ctx, req.params.id, req.body),
  );
}
