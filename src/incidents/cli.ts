import { Option, type Command } from 'commander';
import { apiClient, type Api } from '../cli/api-client.js';
import { collect, intInRange, listOf, oneOf } from '../cli/common.js';
import { incidentActionCommands } from './cli-actions.js';
import { apiCommand, incidentRef, isoArg, severityArg, SOURCES, STATUSES, type DetectionSource, type Opts, type Severity } from './cli-args.js';
import type { ApiQuery, ApiRequestBody, ApiResponse } from '../http/api-types.js';
import { headline, incidentDetail, incidentTable, timelineTable, type Incident, type IncidentPage, type Timeline } from './cli-view.js';
import { whoIsPaged, type PagedLine } from '../paging/paged-line.js';
import { isOpenStatus } from './model.js';
import { readOnward } from './timeline-reads.js';
import { bold, out, printJson } from '../cli/output.js';
import { incidentPagingText, type Paging } from '../paging/cli.js';
import { resolveId, resolveIds } from '../cli/lookup.js';
import { SERVICE_LOOKUP } from '../services/cli.js';
import { alertsTable, type IncidentAlerts } from '../alerts/cli-view.js';
import { USER_LOOKUP } from '../users/cli.js';

interface DeclareOptions extends Opts {
  title: string;
  severity: Severity;
  service?: string[];
  source?: DetectionSource;
  startedAt?: string;
  hypothesis?: string;
  commander?: string;
  drill?: boolean;
}

interface ListOptions extends Opts {
  status?: string[];
  severity?: string[];
  service?: string;
  q?: string;
  limit?: number;
  cursor?: string;
  drill?: boolean;
}

function declareCommand(incident: Command): void {
  apiCommand(
    incident
      .command('declare')
      .description('declare an incident')
      .requiredOption('--title <text>', 'what is wrong, as users see it')
      .addOption(new Option('--severity <SEV-N>', 'SEV-1 (critical) to SEV-4 (low)').makeOptionMandatory().argParser(severityArg))
      .option('--service <service>', 'an affected service: name or id (repeat for several)', collect)
      .addOption(new Option('--source <source>', `detection source: ${SOURCES.join(', ')}`).argParser(oneOf(SOURCES)))
      .option('--started-at <time>', 'when impact began (RFC 3339; default: now)', isoArg)
      .option('--hypothesis <text>', 'the first guess at the cause')
      .option('--commander <user>', 'the incident commander: name, email or id')
      .option('--drill', 'a practice incident (left out of metrics)')
      .addHelpText('after', '\nServices and people are named as you know them (a name, an email, or an id); a name that\nmatches several stops with the candidates.\nExample:\n  tocsin incident declare --title "Checkout returns 502" --severity SEV-2 --service checkout --commander ada@example.com'),
  ).action(async (o: DeclareOptions) => {
    const api = apiClient(o);
    const serviceIds = await resolveIds(api, o.service ?? [], { ...SERVICE_LOOKUP, flag: '--service' });
    const commanderId = o.commander === undefined ? undefined : await resolveId(api, o.commander, { ...USER_LOOKUP, flag: '--commander' });
    const body: ApiRequestBody<'/api/v1/incidents', 'post'> = {
      title: o.title,
      severity: o.severity,
      ...(serviceIds.length ? { service_ids: [...new Set(serviceIds)] } : {}),
      ...(o.source ? { detection_source: o.source } : {}),
      ...(o.startedAt ? { started_at: o.startedAt } : {}),
      ...(o.hypothesis ? { hypothesis: o.hypothesis } : {}),
      ...(commanderId ? { commander_id: commanderId } : {}),
      ...(o.drill ? { drill: true } : {}),
    };
    const created = await api.post<Incident>('/incidents', body);
    if (o.json) return printJson(created);
    out(`Declared ${headline(created)}`);
    out(`id ${created.id}`);
  });
}

function listCommand(incident: Command): void {
  apiCommand(
    incident
      .command('list')
      .description('list incidents, newest first')
      .option('--status <status>', `filter: ${STATUSES.join(', ')} (comma list or repeat)`, listOf(oneOf(STATUSES)))
      .option('--severity <SEV-N>', 'filter: SEV-1 to SEV-4 (comma list or repeat)', listOf(severityArg))
      .option('--service <service>', 'only incidents affecting this service (name or id)')
      .option('--q <text>', 'text in the title')
      .option('--drill', 'only drills')
      .option('--limit <n>', 'how many (1-200, default 50)', intInRange(1, 200))
      .option('--cursor <cursor>', 'the next page, from the previous answer')
      .addHelpText('after', '\nExample:\n  tocsin incident list --status triggered,acknowledged --severity SEV-1,SEV-2'),
  ).action(async (o: ListOptions) => {
    const api = apiClient(o);
    const query: ApiQuery<'/api/v1/incidents', 'get'> = {
      status: o.status?.join(','),
      severity: o.severity?.join(','),
      service_id: o.service === undefined ? undefined : await resolveId(api, o.service, { ...SERVICE_LOOKUP, flag: '--service' }),
      q: o.q,
      drill: o.drill ? true : undefined,
      limit: o.limit,
      cursor: o.cursor,
    };
    const page = await api.get<IncidentPage>('/incidents', query);
    if (o.json) return printJson(page);
    out(incidentTable(page, await pagedOn(api, page)));
  });
}

type PagingOf = ApiResponse<'/api/v1/pages', 'get'>;

/**
 * Who is paged on the page's open incidents (GET /pages, 100 at most), by incident id; none
 * open, no column. The incident list in the web app says the same (paging/paged-line.ts).
 */
async function pagedOn(api: Api, page: IncidentPage): Promise<Map<string, PagedLine | null> | undefined> {
  const open = page.items.filter((i) => isOpenStatus(i.status)).slice(0, 100);
  if (open.length === 0) return undefined;
  const paging = await api.get<PagingOf>('/pages', { incident_ids: open.map((i) => i.id).join(',') });
  const byId = new Map(open.map((i) => [i.id, i]));
  return new Map(paging.items.map((p) => [p.incident_id, whoIsPaged(p, byId.get(p.incident_id)!)]));
}

function showCommand(incident: Command): void {
  apiCommand(
    incident
      .command('show')
      .description('show an incident and its timeline')
      .argument('<incident>', 'incident number (e.g. 42) or id', incidentRef)
      .option('--all', 'every alert and every timeline event (by default a storm shows its first 10 alerts, and a run of alerts joining as one line)')
      .addHelpText('after', '\nWith --json prints the incident with a "timeline" array of its events, oldest first, its "alerts" and its "paging" (escalations and pages).'),
  ).action(async (ref: string, o: Opts & { all?: boolean }) => {
    const api = apiClient(o);
    const found = await api.get<Incident>(`/incidents/${ref}`);
    const id = encodeURIComponent(found.id);
    const [timeline, alerts, paging] = await Promise.all([
      readOnward<Timeline['items'][number]>([], (after) => api.get<Timeline>(`/incidents/${id}/timeline`, { after })),
      readAlerts(api, found.id, o.all ? Infinity : ALERTS_READ),
      api.get<Paging>(`/incidents/${id}/pages`),
    ]);
    if (o.json) return printJson({ ...found, timeline, alerts: alerts.items, paging });
    out(incidentDetail(found));
    out('');
    // Who is on it before what happened: the paging line as the list says it, then each page.
    const line = whoIsPaged(paging, found);
    if (line || paging.pages.length) out(`${bold(line?.text ?? 'Paging')}\n${incidentPagingText(paging)}\n\n`);
    const behind = alertsTable(alerts.items, { totals: alerts.totals, ...(o.all ? {} : { rows: 10 }) });
    if (behind) out(`${behind}\n\n`);
    out(timelineTable(timeline, { fold: !o.all }));
  });
}

/** Alerts `incident show` reads without --all: the API's most in one page (the heading counts them all). */
const ALERTS_READ = 200;

/** The incident's newest alerts, `atMost` of them (Infinity: every page), and its totals. */
async function readAlerts(api: Api, incidentId: string, atMost: number): Promise<IncidentAlerts> {
  const first = await api.get<IncidentAlerts>('/alerts', { incident_id: incidentId, limit: ALERTS_READ });
  const items = [...first.items];
  for (let cursor = first.next_cursor; cursor && items.length < atMost; ) {
    const next = await api.get<IncidentAlerts>('/alerts', { incident_id: incidentId, limit: ALERTS_READ, cursor });
    items.push(...next.items);
    cursor = next.next_cursor;
  }
  return { ...first, items, next_cursor: null };
}

export function incidentCommands(program: Command): void {
  const incident = program.command('incident').description('declare and work incidents (over the API)');
  incident.addHelpText(
    'after',
    `
These commands talk to the API at TOCSIN_URL (default http://localhost:8080) with the token in
TOCSIN_TOKEN; --url and --token override them. Incidents are named by number (42) or id.`,
  );
  declareCommand(incident);
  listCommand(incident);
  showCommand(incident);
  incidentActionCommands(incident);
}
