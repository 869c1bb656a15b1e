import type { Command } from 'commander';
import { apiClient, type Api } from '../cli/api-client.js';
import { collect, oneOf } from '../cli/common.js';
import { resolveId, resolveIds, type Lookup } from '../cli/lookup.js';
import { fields, forTerminal, localTime, out, printJson, table, text, truncate } from '../cli/output.js';
import type { ApiResponse } from '../http/api-types.js';
import { apiCommand, type Opts } from '../incidents/cli-args.js';
import { USER_LOOKUP } from '../users/cli.js';
import { reachTable } from '../escalation/cli-reach.js';
import { SERVICE_LOOKUP } from '../services/cli.js';
import { reportCsv } from './report-csv.js';

// `tocsin schedule ...`, `tocsin oncall` and `tocsin report oncall`, over the API. Schedules and
// people are named by id or name, like services.

type Schedule = ApiResponse<'/api/v1/schedules/{id}', 'get'>;
type SchedulePage = ApiResponse<'/api/v1/schedules', 'get'>;
type OnCallList = ApiResponse<'/api/v1/on-call', 'get'>;
type OnCallAt = ApiResponse<'/api/v1/schedules/{id}/on-call', 'get'>;
type ServiceOnCall = ApiResponse<'/api/v1/services/{id}/on-call', 'get'>;
type Report = ApiResponse<'/api/v1/reports/on-call', 'get'>;

export const SCHEDULE_LOOKUP: Omit<Lookup, 'flag'> = { path: '/schedules', idPrefix: 'sch_', noun: 'schedule' };
const TEMPLATES = ['weekly', 'follow-the-sun', 'primary-secondary'] as const;

const who = (name: string | null | undefined, id: string | null | undefined): string => (id ? `${name ?? id}` : 'nobody');

function scheduleTable(items: Schedule[]): string {
  if (!items.length) return 'No schedules match.';
  const rows = items.map((s) => [truncate(s.name, 40), who(s.on_call_now?.user_name, s.on_call_now?.user_id), localTime(s.on_call_now?.end), s.time_zone, String(s.warnings.length), s.id]);
  return table(['name', 'on call now', 'until', 'zone', 'warnings', 'id'], rows);
}

function scheduleDetail(s: Schedule): string {
  const head = fields([
    ['name', s.name],
    ['id', s.id],
    ['zone', s.time_zone],
    ['on call now', `${who(s.on_call_now?.user_name, s.on_call_now?.user_id)}${s.on_call_now ? ` until ${localTime(s.on_call_now.end)}` : ''}`],
    ['calendar feed', s.has_feed ? 'yes' : 'no'],
  ]);
  const layers = table(
    ['layer', 'members', 'shift', 'hand-off', 'from', 'restrictions'],
    s.layers.map((l) => [truncate(l.name, 30), String(l.members.length), `${l.shift.count} ${l.shift.unit}`, l.handoff, l.start_date, l.restrictions ? l.restrictions.map((r) => `${r.start}-${r.end}`).join(', ') : '-']),
  );
  const warnings = s.warnings.map((w) => `! ${w.message}`).join('\n');
  return [head, '', layers, ...(warnings ? ['', warnings] : [])].join('\n');
}

const scheduleId = (api: Api, ref: string, flag = '<schedule>'): Promise<string> => resolveId(api, ref, { ...SCHEDULE_LOOKUP, flag });

function scheduleCommandsOf(schedule: Command): void {
  apiCommand(schedule.command('list').description('list schedules with who is on call now').option('--q <text>', 'text in the name')).action(async (o: Opts & { q?: string }) => {
    const page = await apiClient(o).get<SchedulePage>('/schedules', { q: o.q, limit: 200 });
    if (o.json) return printJson(page);
    out(scheduleTable(page.items));
  });
  apiCommand(schedule.command('show').description('show a schedule: layers, who is on call, warnings').argument('<schedule>', 'its name or id')).action(async (ref: string, o: Opts) => {
    const api = apiClient(o);
    const s = await api.get<Schedule>(`/schedules/${encodeURIComponent(await scheduleId(api, ref))}`);
    if (o.json) return printJson(s);
    out(scheduleDetail(s));
  });
  apiCommand(
    schedule
      .command('create')
      .description('create a schedule from a template')
      .requiredOption('--name <name>', 'the schedule name')
      .requiredOption('--template <template>', TEMPLATES.join(' | '), oneOf(TEMPLATES))
      .requiredOption('--member <user>', 'a member (name, email or id), in turn order; repeat', collect)
      .option('--zone <zone>', 'IANA time zone', Intl.DateTimeFormat().resolvedOptions().timeZone)
      .option('--start <date>', 'first hand-off date YYYY-MM-DD (default today)')
      .option('--handoff <HH:MM>', 'hand-off time of day (default 09:00)')
      .addHelpText('after', '\nExample:\n  tocsin schedule create --name Platform --template weekly --member ana@example.com --member bo@example.com'),
  ).action(async (o: Opts & { name: string; template: string; member: string[]; zone: string; start?: string; handoff?: string }) => {
    const api = apiClient(o);
    const members = await resolveIds(api, o.member, { ...USER_LOOKUP, flag: '--member' });
    const made = await api.post<Schedule & { secondary?: Schedule }>('/schedules', { name: o.name, template: o.template, members, time_zone: o.zone, start_date: o.start, handoff: o.handoff });
    if (o.json) return printJson(made);
    out(scheduleTable([made, ...(made.secondary ? [made.secondary] : [])]));
  });
}

function oncallCommand(program: Command): void {
  apiCommand(
    program
      .command('oncall')
      .description('who is on call now (or at --at), on every schedule, one, or for a service tier by tier')
      .option('--schedule <schedule>', 'one schedule (name or id)')
      .option('--service <service>', 'a service: who each tier of its escalation policy would reach')
      .option('--at <time>', 'an instant, RFC 3339 (default now)'),
  ).action(async (o: Opts & { schedule?: string; service?: string; at?: string }) => {
    const api = apiClient(o);
    if (o.service) {
      const id = await resolveId(api, o.service, { ...SERVICE_LOOKUP, flag: '--service' });
      const r = await api.get<ServiceOnCall>(`/services/${encodeURIComponent(id)}/on-call`, { at: o.at });
      return o.json ? printJson(r) : out(reachTable(r));
    }
    if (o.schedule) {
      const id = await scheduleId(api, o.schedule, '--schedule');
      const a = await api.get<OnCallAt>(`/schedules/${encodeURIComponent(id)}/on-call`, { at: o.at });
      if (o.json) return printJson(a);
      return out(a.shift?.user_id ? `${who(a.shift.user_name, a.shift.user_id)} until ${localTime(a.shift.end)}` : 'nobody');
    }
    const list = await api.get<OnCallList>('/on-call', { at: o.at });
    if (o.json) return printJson(list);
    out(list.items.length ? table(['schedule', 'on call', 'until'], list.items.map((i) => [truncate(i.schedule_name, 40), who(i.user_name, i.user_id), localTime(i.end)])) : 'No schedules.');
  });
}

const hours = (n: number) => n.toFixed(1);
const payOf = (i: Report['items'][number]) => (i.pay.length ? i.pay.map((p) => `${p.total.toFixed(2)} ${p.currency}`).join(' + ') : '-');

function reportTable(r: Report): string {
  if (!r.items.length) return 'Nobody was on call.';
  const head = ['person', 'hours', 'nights', 'weekends', 'shifts', 'business', 'after hours', 'weekend', 'holiday', 'incidents led', 'pages', 'pay'];
  const rows = r.items.map((i) => [
    who(i.user_name, i.user_id),
    hours(i.hours),
    hours(i.night_hours),
    hours(i.weekend_hours),
    String(i.shifts),
    hours(i.business_hours),
    hours(i.after_hours),
    hours(i.weekend_pay_hours),
    hours(i.holiday_hours),
    String(i.incidents_led),
    String(i.pages),
    payOf(i),
  ]);
  return table(head, rows);
}

function reportCommand(program: Command): void {
  const report = program.commands.find((c) => c.name() === 'report') ?? program.command('report').description('reports over a range');
  apiCommand(
    report
      .command('oncall')
      .description('per person over a range: hours on call, nights and weekends in their own zone, business / after-hours / weekend / holiday hours, incidents led, pay')
      .requiredOption('--from <time>', 'RFC 3339 start')
      .requiredOption('--to <time>', 'RFC 3339 end')
      .option('--schedule <schedule>', 'one schedule (name or id)')
      .option('--user <user>', 'one person (name, email or id)')
      .option('--csv', 'print CSV (a header row, one row per person), as the API’s on-call.csv')
      .addHelpText('after', '\nExample:\n  tocsin report oncall --from 2026-01-01T00:00:00Z --to 2026-02-01T00:00:00Z --schedule Platform --csv > january.csv'),
  ).action(async (o: Opts & { from: string; to: string; schedule?: string; user?: string; csv?: boolean }) => {
    const api = apiClient(o);
    const schedule_id = o.schedule ? await scheduleId(api, o.schedule, '--schedule') : undefined;
    const user_id = o.user ? await resolveId(api, o.user, { ...USER_LOOKUP, flag: '--user' }) : undefined;
    const r = await api.get<Report>('/reports/on-call', { from: o.from, to: o.to, schedule_id, user_id });
    if (o.json) return printJson(r);
    if (o.csv) {
      process.stdout.write(forTerminal(reportCsv(r), false));
      return;
    }
    out(reportTable(r));
    out(`${text(r.from)} to ${text(r.to)}`);
  });
}

export function scheduleCommands(program: Command): void {
  scheduleCommandsOf(program.command('schedule').description('on-call schedules (over the API)'));
  oncallCommand(program);
  reportCommand(program);
}
