import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ListQuery, pageSchema } from '../core/lists.js';
import type { App } from '../core/module.js';
import { IdParams, NoContent } from '../users/schemas.js';
import { cancelCover, createOverride, deleteOverride, listCoverRequests, requestCover, takeCover } from './cover.js';
import { rotateScheduleFeed, rotateUserFeed } from './feeds.js';
import { onCallEverywhere, onCallFor, planFor, userOnCall } from './oncall.js';
import { getHolidays, getPayRates, importHolidays, setPayRates } from './pay.js';
import { reportCsv } from './report-csv.js';
import { checkReportUser, onCallReport } from './report.js';
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

  app.get('/schedules/:id/holidays', { config: { minRole: 'viewer' }, schema: { tags, summary: 'The schedule’s holidays (hours on them are paid as holiday)', params: IdParams, response: { 200: S.HolidayList } } }, async (req) =>
    getHolidays(req.ctx, req.params.id),
  );

  // The calendar comes as a file (text/calendar) or as JSON { ics }; only this route reads text/calendar.
  void app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser('text/calendar', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    scope.put(
      '/schedules/:id/holidays',
      {
        config: { minRole: 'admin' },
        schema: { tags, summary: 'Replace the schedule’s holidays with the all-day events of an iCalendar file (text/calendar, or JSON { ics })', params: IdParams, body: S.HolidaysBody, response: { 200: S.HolidayImportAnswer } },
      },
      async (req) => importHolidays(req.ctx, req.params.id, req.body),
    );
  });

  app.get('/schedules/:id/pay-rates', { config: { minRole: 'viewer' }, schema: { tags, summary: 'The schedule’s on-call pay rates (null: none)', params: IdParams, response: { 200: S.PayRatesAnswer } } }, async (req) =>
    getPayRates(req.ctx, req.params.id),
  );

  app.put('/schedules/:id/pay-rates', { config: { minRole: 'admin' }, schema: { tags, summary: 'Set the schedule’s on-call pay rates: per hour in each category and/or per shift', params: IdParams, body: S.PayRatesSchema, response: { 200: S.PayRatesAnswer } } }, async (req) =>
    setPayRates(req.ctx, req.params.id, req.body),
  );

  app.delete('/schedules/:id/pay-rates', { config: { minRole: 'admin' }, schema: { tags, summary: 'Remove the schedule’s pay rates (the report then shows no pay for it)', params: IdParams, response: { 200: S.PayRatesAnswer } } }, async (req) =>
    setPayRates(req.ctx, req.params.id, null),
  );

  const report = async (ctx: Parameters<typeof onCallReport>[0], query: Parameters<typeof onCallReport>[1]) => {
    await checkReportUser(ctx, query.user_id);
    return onCallReport(ctx, query);
  };
  const reportSummary = 'Per person over a range: hours on call, nights and weekends in their own zone, the business / after-hours / weekend / holiday split, incidents led, pages, pay';

  app.get('/reports/on-call', { config: { minRole: 'viewer' }, schema: { tags, summary: reportSummary, querystring: S.ReportQuery, problems: [404], response: { 200: S.OnCallReport } } }, async (req) =>
    report(req.ctx, req.query),
  );

  app.get(
    '/reports/on-call.csv',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'The on-call report as CSV: a header row, one row per person', querystring: S.ReportQuery, problems: [404], response: { 200: { description: 'CSV', content: { 'text/csv': { schema: Type.String() } } } } } },
    async (req, reply) => reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="on-call-report.csv"').send(reportCsv(await report(req.ctx, req.query))),
  );
}
