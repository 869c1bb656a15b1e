import { Type } from 'typebox';
import { ListQuery, pageSchema } from '../core/lists.js';
import type { App } from '../core/module.js';
import { IdParams, NoContent } from '../users/schemas.js';
import { cancelCover, createOverride, deleteOverride, listCoverRequests, requestCover, takeCover } from './cover.js';
import { rotateScheduleFeed, rotateUserFeed } from './feeds.js';
import { onCallEverywhere, onCallFor, onCallReport, planFor, userOnCall } from './oncall.js';
import * as S from './schemas.js';
import { createSchedule, deleteSchedule, getSchedule, listSchedules, updateSchedule } from './service.js';

const tags = ['schedules'];

export function scheduleRoutes(app: App, baseUrl: string): void {
  app.get('/schedules', { config: { minRole: 'viewer' }, schema: { tags, summary: 'List schedules by name, with who is on call now', querystring: ListQuery, response: { 200: pageSchema(S.ScheduleSchema) } } }, async (req) =>
    listSchedules(req.ctx, req.query),
  );

  app.get('/schedules/:id', { config: { minRole: 'viewer' }, schema: { tags, summary: 'One schedule: layers, who is on call now, warnings', params: IdParams, response: { 200: S.ScheduleSchema } } }, async (req) =>
    getSchedule(req.ctx, req.params.id),
  );

  app.post(
    '/schedules',
    {
      config: { minRole: 'admin' },
      schema: { tags, summary: 'Create a schedule from layers or a template (primary-secondary also creates the secondary)', body: S.NewScheduleBody, response: { 201: S.CreatedScheduleSchema } },
    },
    async (req, reply) => reply.code(201).send(await createSchedule(req.ctx, req.body)),
  );

  app.patch('/schedules/:id', { config: { minRole: 'admin' }, schema: { tags, summary: 'Change a schedule; layers replaces every layer', params: IdParams, body: S.SchedulePatchBody, response: { 200: S.ScheduleSchema } } }, async (req) =>
    updateSchedule(req.ctx, req.params.id, req.body),
  );

  app.delete('/schedules/:id', { config: { minRole: 'admin' }, schema: { tags, summary: 'Delete a schedule', params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await deleteSchedule(req.ctx, req.params.id);
    return reply.code(204).send(null);
  });

  app.get(
    '/schedules/:id/shifts',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'Who is on call from `from` to `to` (default: the next 7 days; at most 400 days): each layer, the overrides, the result', params: IdParams, querystring: S.RangeQuery, response: { 200: S.PlanSchema } } },
    async (req) => planFor(req.ctx, req.params.id, req.query),
  );

  app.get('/schedules/:id/on-call', { config: { minRole: 'viewer' }, schema: { tags, summary: 'Who is on call now, or at `at`', params: IdParams, querystring: S.AtQuery, response: { 200: S.OnCallAnswer } } }, async (req) =>
    onCallFor(req.ctx, req.params.id, req.query.at),
  );

  app.get('/on-call', { config: { minRole: 'viewer' }, schema: { tags, summary: 'Every schedule and who is on call in it now (or at `at`)', querystring: S.AtQuery, response: { 200: S.OnCallList } } }, async (req) =>
    onCallEverywhere(req.ctx, req.query.at),
  );

  app.get('/users/:id/on-call', { config: { minRole: 'viewer' }, schema: { tags, summary: 'The schedules a person is on call for now, and when they are next (`me`: yourself)', params: IdParams, response: { 200: S.UserOnCallAnswer } } }, async (req) =>
    userOnCall(req.ctx, req.params.id),
  );

  app.post('/schedules/:id/overrides', { config: { minRole: 'responder' }, schema: { tags, summary: 'Someone covers a range (for one person with `replaces`, or for the whole schedule)', params: IdParams, body: S.NewOverrideBody, response: { 201: S.OverrideSchema } } }, async (req, reply) =>
    reply.code(201).send(await createOverride(req.ctx, req.params.id, req.body)),
  );

  app.delete('/schedules/:id/overrides/:overrideId', { config: { minRole: 'responder' }, schema: { tags, summary: 'Remove an override', params: S.OverrideParams, response: { 204: NoContent } } }, async (req, reply) => {
    await deleteOverride(req.ctx, req.params.id, req.params.overrideId);
    return reply.code(204).send(null);
  });

  app.get('/schedules/:id/cover-requests', { config: { minRole: 'viewer' }, schema: { tags, summary: 'Open cover requests, each with who should cover next', params: IdParams, response: { 200: Type.Object({ items: Type.Array(S.CoverRequestSchema) }) } } }, async (req) =>
    listCoverRequests(req.ctx, req.params.id),
  );

  app.post('/schedules/:id/cover-requests', { config: { minRole: 'responder' }, schema: { tags, summary: 'Ask for someone to cover your turns over a range', params: IdParams, body: S.NewCoverRequestBody, response: { 201: S.CoverRequestSchema } } }, async (req, reply) =>
    reply.code(201).send(await requestCover(req.ctx, req.params.id, req.body)),
  );

  app.post('/cover-requests/:id/take', { config: { minRole: 'responder' }, schema: { tags, summary: 'Take a cover request: it becomes your override (one taker wins)', params: IdParams, response: { 201: S.OverrideSchema } } }, async (req, reply) =>
    reply.code(201).send(await takeCover(req.ctx, req.params.id)),
  );

  app.delete('/cover-requests/:id', { config: { minRole: 'responder' }, schema: { tags, summary: 'Withdraw your open cover request (admins: anyone’s)', params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await cancelCover(req.ctx, req.params.id);
    return reply.code(204).send(null);
  });

  app.post('/schedules/:id/feed-token', { config: { minRole: 'admin' }, schema: { tags, summary: 'A new secret iCalendar link for the schedule (the old one stops working)', params: IdParams, response: { 201: S.FeedLink } } }, async (req, reply) =>
    reply.code(201).send(await rotateScheduleFeed(req.ctx, req.params.id, baseUrl)),
  );

  app.post('/users/me/feed-token', { config: { minRole: 'viewer' }, schema: { tags, summary: 'A new secret iCalendar link for your shifts on every schedule (the old one stops working)', response: { 201: S.FeedLink } } }, async (req, reply) =>
    reply.code(201).send(await rotateUserFeed(req.ctx, baseUrl)),
  );

  app.get('/reports/on-call', { config: { minRole: 'viewer' }, schema: { tags, summary: 'Hours on call per person over a range: all, nights (22-07) and weekends', querystring: S.ReportQuery, response: { 200: S.OnCallReport } } }, async (req) =>
    onCallReport(req.ctx, req.query),
  );
}
