import { InvalidArgumentError, type Command } from 'commander';
import { apiClient } from '../cli/api-client.js';
import { CliError, EXIT_USAGE, intInRange } from '../cli/common.js';
import { resolveId, resolveNamed } from '../cli/lookup.js';
import { fields, localTime, out, printJson, table, text, truncate } from '../cli/output.js';
import type { ApiRequestBody, ApiResponse } from '../http/api-types.js';
import { apiCommand, incidentRef, type Opts } from '../incidents/cli-args.js';
import { SERVICE_LOOKUP } from '../services/cli.js';

// `tocsin change record|list`: deploys and other changes on a service, from a CI pipeline's last
// step or a shell. An incident's page lists the changes on its services in the hours before it
// began, the seed's "a recent deployment" as a probable cause.

type Change = ApiResponse<'/api/v1/changes', 'post'>;
type NewChange = ApiRequestBody<'/api/v1/changes', 'post'>;
type ChangeList = ApiResponse<'/api/v1/services/{id}/changes', 'get'>;
type IncidentChanges = ApiResponse<'/api/v1/incidents/{id}/changes', 'get'>;
type Link = NonNullable<NewChange['links']>[number];

/** `--link "https://ci.example.com/run/812 Build 812"`: the URL, then optional words for it. */
export function parseLink(raw: string, previous: Link[] = []): Link[] {
  const [href = '', ...words] = raw.trim().split(/\s+/);
  if (!/^https?:\/\/\S+$/i.test(href)) throw new InvalidArgumentError(`"${raw}" does not start with an http(s) URL`);
  return [...previous, words.length ? { href, text: words.join(' ') } : { href }];
}

/** `--detail version=4.2`: one custom detail (repeat for more). */
export function parseDetail(raw: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = raw.indexOf('=');
  if (at < 1) throw new InvalidArgumentError(`"${raw}" is not key=value`);
  return { ...previous, [raw.slice(0, at).trim()]: raw.slice(at + 1) };
}

type RecordOpts = Opts & { service: string; summary: string; source?: string; at?: string; link: Link[]; detail?: Record<string, string> };

export function changeCommands(program: Command): void {
  const change = program.command('change').description('deploys and other changes on a service (over the API)');

  apiCommand(
    change
      .command('record')
      .description('record a change on a service, e.g. as the last step of a deploy (responders)')
      .requiredOption('--service <service>', 'the service: its name or id')
      .requiredOption('--summary <text>', 'what changed, e.g. "Deploy checkout 4.2 (abc123)"')
      .option('--source <text>', 'where it came from, e.g. the pipeline')
      .option('--at <time>', 'when, RFC 3339 (default now)')
      .option('--link <url [text]>', 'a link, then optional words for it (repeat)', parseLink, [])
      .option('--detail <key=value>', 'a custom detail (repeat)', parseDetail)
      .addHelpText('after', '\nExample (the last step of a pipeline, with TOCSIN_URL and TOCSIN_TOKEN set):\n  tocsin change record --service Checkout --summary "Deploy 4.2 (abc123)" --source ci \\\n    --link "https://ci.example.com/run/812 Build 812" --detail version=4.2'),
  ).action(async (o: RecordOpts) => {
    const api = apiClient(o);
    // The API takes a name too; resolving here names the flag and the candidates when it is wrong.
    const service = await resolveNamed(api, o.service, { ...SERVICE_LOOKUP, flag: '--service' });
    const body: NewChange = {
      service: service.id,
      summary: o.summary,
      ...(o.source === undefined ? {} : { source: o.source }),
      ...(o.at === undefined ? {} : { timestamp: o.at }),
      ...(o.link.length ? { links: o.link } : {}),
      ...(o.detail ? { custom_details: o.detail } : {}),
    };
    const c = await api.post<Change>('/changes', body);
    if (o.json) return printJson(c);
    out(`Recorded change ${c.id} on ${service.name} at ${localTime(c.at)}.`);
    out(fields([['summary', c.summary], ['source', text(c.source)], ...c.links.map((l): [string, string] => ['link', l.text ? `${l.text} ${l.href}` : l.href])]));
  });

  apiCommand(
    change
      .command('list')
      .description("a service's changes, or an incident's: those before it began and since, newest first")
      .option('--service <service>', 'the service: its name or id')
      .option('--incident <incident>', 'the incident (number or id): changes on its services and what they depend on', incidentRef)
      .option('--limit <n>', 'how many (1-200, default 50; a service only)', intInRange(1, 200)),
  ).action(async (o: Opts & { service?: string; incident?: string; limit?: number }) => {
    if ((o.service === undefined) === (o.incident === undefined)) throw new CliError('give --service or --incident, one of them', EXIT_USAGE);
    const api = apiClient(o);
    if (o.incident !== undefined) {
      const changes = await api.get<IncidentChanges>(`/incidents/${o.incident}/changes`);
      if (o.json) return printJson(changes);
      out(changeTable('Since it began', changes.during.items, 'none'));
      out('');
      out(changeTable(`In the 6 hours before it began (${localTime(changes.until)})`, changes.items, 'none: no deploy to suspect'));
      return;
    }
    const id = await resolveId(api, o.service!, { ...SERVICE_LOOKUP, flag: '--service' });
    const list = await api.get<ChangeList>(`/services/${encodeURIComponent(id)}/changes`, { limit: o.limit });
    if (o.json) return printJson(list);
    if (!list.items.length) return out(`No changes recorded on ${o.service}.`);
    out(changeRows(list.items));
  });
}

const changeRows = (items: ChangeList['items']): string =>
  table(['when', 'summary', 'source', 'link'], items.map((c) => [localTime(c.at), truncate(c.summary, 60), text(c.source), text(c.links[0]?.href)]));

/** A titled list of changes, or the title and what an empty one means. */
const changeTable = (title: string, items: ChangeList['items'], none: string): string => (items.length ? `${title}:\n${changeRows(items)}` : `${title}: ${none}`);
