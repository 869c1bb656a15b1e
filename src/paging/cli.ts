import { InvalidArgumentError, type Command } from 'commander';
import { apiClient, type Api } from '../cli/api-client.js';
import { collect } from '../cli/common.js';
import { resolveId } from '../cli/lookup.js';
import { localTime, out, printJson, table } from '../cli/output.js';
import type { ApiRequestBody, ApiResponse } from '../http/api-types.js';
import { apiCommand, incidentRef, type Opts } from '../incidents/cli-args.js';
import { SCHEDULE_LOOKUP } from '../schedules/cli.js';
import { SERVICE_LOOKUP } from '../services/cli.js';
import { TEAM_LOOKUP } from '../teams/cli.js';
import { USER_LOOKUP } from '../users/cli.js';

// `tocsin pages`, `tocsin page`, `tocsin escalate`, `tocsin snooze` over the API: who was paged and
// how it went, and the responder's controls from a terminal.

export type Paging = ApiResponse<'/api/v1/incidents/{id}/pages', 'get'>;
type Page = Paging['pages'][number];
type ManualBody = ApiRequestBody<'/api/v1/incidents/{id}/page', 'post'>;
type Target = ManualBody['targets'][number];

/** One row per notification: who, tier, channel, when and how it went. */
export function pagesTable(pages: Page[]): string {
  if (!pages.length) return 'Nobody was paged.';
  const rows = pages.flatMap((p) => {
    const who = `${p.user.name}${p.acknowledged_at ? ' (answered)' : ''}`;
    const why = p.reason === 'manual' ? 'paged by hand' : `tier ${p.tier ?? '?'}${p.round ? `, round ${p.round + 1}` : ''}`;
    if (!p.notifications.length) return [[who, why, '-', localTime(p.created_at), 'cannot be reached']];
    return p.notifications.map((n) => [who, why, n.channel, localTime(n.due_at), n.delivery + (n.error ? `: ${n.error}` : '')]);
  });
  return table(['person', 'why', 'channel', 'when', 'delivery'], rows);
}

/** An incident's paging in a terminal: its escalations, then who was paged and how it went. */
export function incidentPagingText(p: Paging): string {
  const esc = p.escalations.map((e) => `escalation ${e.state}, ${e.urgency} urgency, since ${localTime(e.started_at)}`);
  return [...esc, pagesTable(p.pages)].join('\n');
}

const minutes = (raw: string): number => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1440) throw new InvalidArgumentError('Give whole minutes from 1 to 1440.');
  return n;
};

async function targetsOf(api: Api, o: { user: string[]; schedule: string[]; team: string[]; experts: string[] }): Promise<Target[]> {
  const out: Target[] = [];
  for (const u of o.user) out.push({ kind: 'user', id: await resolveId(api, u, { ...USER_LOOKUP, flag: '--user' }) });
  for (const s of o.schedule) out.push({ kind: 'schedule', id: await resolveId(api, s, { ...SCHEDULE_LOOKUP, flag: '--schedule' }) });
  for (const t of o.team) out.push({ kind: 'team', id: await resolveId(api, t, { ...TEAM_LOOKUP, flag: '--team' }) });
  for (const s of o.experts) out.push({ kind: 'service_experts', id: await resolveId(api, s, { ...SERVICE_LOOKUP, flag: '--experts' }) });
  return out;
}

export function pagingCommands(program: Command): void {
  apiCommand(program.command('pages').description('who was paged for an incident and how it went (default: your own pages)').option('--incident <incident>', 'incident number or id', incidentRef)).action(
    async (o: Opts & { incident?: string }) => {
      const api = apiClient(o);
      if (o.incident) {
        const p = await api.get<Paging>(`/incidents/${o.incident}/pages`);
        return o.json ? printJson(p) : out(incidentPagingText(p));
      }
      const mine = await api.get<{ items: Page[] }>('/users/me/pages');
      return o.json ? printJson(mine) : out(pagesTable(mine.items));
    },
  );
  incidentPagingCommands(program);
  // Also as `tocsin incident page|escalate|snooze 42`, beside `incident ack 42`, where people look.
  const incident = program.commands.find((c) => c.name() === 'incident');
  if (incident) incidentPagingCommands(incident);
}

/** The verbs that act on one incident's paging, registered under `parent`. */
function incidentPagingCommands(parent: Command): void {
  apiCommand(
    parent
      .command('page')
      .description('page someone else: a person, a schedule’s on-call, a team, or a service’s experts')
      .argument('<incident>', 'incident number or id', incidentRef)
      .option('--user <email or id>', 'a person (repeatable)', collect, [])
      .option('--schedule <name or id>', 'whoever is on call in it (repeatable)', collect, [])
      .option('--team <name or id>', 'the team’s members (repeatable)', collect, [])
      .option('--experts <service>', 'the service’s subject-matter experts (repeatable)', collect, [])
      .option('--note <text>', 'why you page them')
      .option('--reassign', 'hand the incident over: stop the escalation, these people take it')
      .addHelpText('after', '\nExample:\n  tocsin page 42 --user grace@example.com --note "payments code owner"'),
  ).action(async (ref: string, o: Opts & { user: string[]; schedule: string[]; team: string[]; experts: string[]; note?: string; reassign?: boolean }) => {
    const api = apiClient(o);
    const targets = await targetsOf(api, o);
    if (!targets.length) throw new InvalidArgumentError('Name someone to page: --user, --schedule, --team or --experts.');
    const answer = await api.post<{ pages: string[]; unreachable: { name: string }[] }>(`/incidents/${ref}/page`, { targets, ...(o.note ? { note: o.note } : {}), ...(o.reassign ? { reassign: true } : {}) } satisfies ManualBody);
    if (o.json) return printJson(answer);
    out(`${o.reassign ? 'Reassigned: paged' : 'Paged'} ${answer.pages.length} ${answer.pages.length === 1 ? 'person' : 'people'}.${answer.unreachable.length ? ` Cannot reach: ${answer.unreachable.map((u) => u.name).join(', ')}.` : ''}`);
  });
  apiCommand(parent.command('escalate').description('escalate now: the next tier without waiting').argument('<incident>', 'incident number or id', incidentRef)).action(async (ref: string, o: Opts) => {
    const answer = await apiClient(o).post<{ fired: number }>(`/incidents/${ref}/escalate`, {});
    return o.json ? printJson(answer) : out('Escalated to the next tier.');
  });
  apiCommand(parent.command('snooze').description('pause paging of an acknowledged incident').argument('<incident>', 'incident number or id', incidentRef).requiredOption('--minutes <n>', 'how long, 1 to 1440', minutes)).action(
    async (ref: string, o: Opts & { minutes: number }) => {
      const answer = await apiClient(o).post<{ until: string }>(`/incidents/${ref}/snooze`, { minutes: o.minutes });
      return o.json ? printJson(answer) : out(`Paging resumes at ${localTime(answer.until)} unless mitigated or resolved.`);
    },
  );
}
