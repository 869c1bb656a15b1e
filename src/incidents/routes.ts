import type { FastifyRequest } from 'fastify';
import type { App } from '../core/module.js';
import type { Transition } from './model.js';
import * as S from './schemas.js';
import * as incidents from './service.js';

// The incident API (docs/api.md, Incidents): parse, call the service, shape the reply. Live views
// hear of changes from the domain events the service records, not from here.

const tags = ['incidents'];
const PAST: Record<Transition, string> = {
  acknowledge: 'acknowledged',
  mitigate: 'mitigated',
  resolve: 'resolved',
  close: 'closed',
  reopen: 'reopened',
};
const SUMMARY: Record<Transition, string> = {
  acknowledge: 'Acknowledge: someone is on it',
  mitigate: 'Mark the impact mitigated',
  resolve: 'Resolve (a step may be skipped forward)',
  close: 'Close: the post-mortem is done; final',
  reopen: 'Reopen a resolved incident (back to triggered)',
};
const TRANSITIONS = Object.keys(PAST) as Transition[];

/** Lifecycle bodies are optional; an absent body is an empty one. */
const emptyBody = async (req: FastifyRequest) => {
  if (req.body === undefined || req.body === null) req.body = {};
};

export function incidentRoutes(app: App): void {
  app.post('/incidents', { schema: { tags, summary: 'Declare an incident', body: S.DeclareBody, response: { 201: S.Incident } } }, async (req, reply) => {
    const incident = await incidents.declare(req.ctx, req.body);
    return reply.code(201).send(incident);
  });

  app.get('/incidents', { schema: { tags, summary: 'List incidents, newest first', querystring: S.ListQuery, response: { 200: S.IncidentPage } } }, (req) =>
    incidents.listIncidents(req.ctx, req.query),
  );

  app.get('/incidents/:id', { schema: { tags, summary: 'One incident by id or number', params: S.IdParams, response: { 200: S.Incident } } }, (req) =>
    incidents.getIncident(req.ctx, req.params),
  );

  app.patch('/incidents/:id', { schema: { tags, summary: 'Edit title, impact, hypothesis, root cause category, services', params: S.IdParams, body: S.UpdateBody, response: { 200: S.Incident } } }, (req) =>
    incidents.updateIncident(req.ctx, { ...req.body, id: req.params.id }),
  );

  for (const action of TRANSITIONS) {
    app.post(`/incidents/:id/${action}`, { preValidation: emptyBody, schema: { tags, summary: SUMMARY[action], params: S.IdParams, body: S.TransitionBody, response: { 200: S.Incident } } }, (req) =>
      incidents[action](req.ctx, { ...req.body, id: req.params.id }),
    );
  }

  app.post('/incidents/:id/severity', { schema: { tags, summary: 'Change the severity, with a reason', params: S.IdParams, body: S.SeverityBody, response: { 200: S.Incident } } }, (req) =>
    incidents.changeSeverity(req.ctx, { ...req.body, id: req.params.id }),
  );

  app.post('/incidents/:id/roles', { schema: { tags, summary: 'Assign a role or hand it over', params: S.IdParams, body: S.RoleBody, response: { 200: S.Incident } } }, (req) =>
    incidents.assignRole(req.ctx, { ...req.body, id: req.params.id }),
  );

  app.delete('/incidents/:id/roles/:role/:user_id', { schema: { tags, summary: 'Release a role', params: S.RoleParams, response: { 200: S.Incident } } }, (req) =>
    incidents.releaseRole(req.ctx, req.params),
  );

  app.post('/incidents/:id/notes', { schema: { tags, summary: 'Add a note to the timeline', params: S.IdParams, body: S.NoteBody, response: { 201: S.TimelineEvent } } }, async (req, reply) => {
    const { event } = await incidents.addNote(req.ctx, { ...req.body, id: req.params.id });
    return reply.code(201).send(event);
  });

  app.get(
    '/incidents/:id/timeline',
    { schema: { tags, summary: 'The timeline, oldest first, up to 5,000 events a read (`after` reads on)', params: S.IdParams, querystring: S.TimelineQuery, response: { 200: S.Timeline } } },
    (req) => incidents.getTimeline(req.ctx, { ...req.params, ...req.query }),
  );
}
