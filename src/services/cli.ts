import type { Command } from 'commander';
import type { ApiRequestBody, ApiResponse } from '../http/api-types.js';
import { apiClient } from '../cli/api-client.js';
import { CliError, collect, EXIT_USAGE, intInRange, listOf, oneOf, requireYes } from '../cli/common.js';
import { listCommand, resolveId, resolveIds, resolveNamed, type Lookup } from '../cli/lookup.js';
import { fields, localTime, out, printJson, text, truncate } from '../cli/output.js';
import { apiCommand, type Opts } from '../incidents/cli-args.js';
import { TEAM_LOOKUP } from '../teams/cli.js';
import { USER_LOOKUP } from '../users/cli.js';

type Service = ApiResponse<'/api/v1/services/{id}', 'get'>;
type AlertSettings = ApiResponse<'/api/v1/services/{id}/alert-settings', 'get'>;
type NewService = ApiRequestBody<'/api/v1/services', 'post'>;

/** How `--service` values are looked up (incident declare): an id, or a service name. */
export const SERVICE_LOOKUP: Omit<Lookup, 'flag'> = { path: '/services', idPrefix: 'svc_', noun: 'service' };

export function serviceCommands(program: Command): void {
  const service = program.command('service').description('the service catalog (over the API)');
  listCommand<Service>({
    parent: service,
    path: '/services',
    plural: 'services',
    headers: ['name', 'id', 'owner team', 'runbook', 'updated'],
    row: (s, teams) => [truncate(s.name, 40), s.id, teamName(s.owner_team_id, teams), truncate(text(s.runbook_url), 50), localTime(s.updated_at)],
    example: 'tocsin service list --q checkout',
    namesFrom: TEAM_LOOKUP.path,
  });
  createCommand(service);
  editCommand(service);
  removeCommand(service);
  alertSettingsCommand(service);
}

/** A team's name where one is known, else its id (a team deleted meanwhile), or `-`. */
const teamName = (id: string | null, teams: Map<string, string>): string => (id === null ? '-' : (teams.get(id) ?? id));

/** `tocsin service create`: a service in the catalog, so that alerts and monitors have a home. */
function createCommand(service: Command): void {
  apiCommand(
    service
      .command('create')
      .description('add a service to the catalog (admins)')
      .requiredOption('--name <name>', 'the service’s name, unique regardless of case')
      .option('--description <text>', 'what it does for its users')
      .option('--team <team>', 'the team that owns it: name or id')
      .option('--runbook <url>', 'http(s) link to its runbook')
      .addHelpText('after', '\nExample:\n  tocsin service create --name Checkout --team Platform --runbook https://wiki.example.com/checkout\n  tocsin integration-key create --service Checkout --type alertmanager'),
  ).action(async (o: Opts & { name: string; description?: string; team?: string; runbook?: string }) => {
    const api = apiClient(o);
    const team = o.team === undefined ? undefined : await resolveNamed(api, o.team, { ...TEAM_LOOKUP, flag: '--team' });
    const body: NewService = {
      name: o.name,
      ...(o.description === undefined ? {} : { description: o.description }),
      ...(team === undefined ? {} : { owner_team_id: team.id }),
      ...(o.runbook === undefined ? {} : { runbook_url: o.runbook }),
    };
    const s = await api.post<Service>('/services', body);
    if (o.json) return printJson(s);
    out(`Created service ${s.name}.`);
    out(fields([['id', s.id], ['owner team', team?.name ?? '-'], ['runbook', text(s.runbook_url)]]));
  });
}

type ServicePatch = ApiRequestBody<'/api/v1/services/{id}', 'patch'>;
type EditOpts = Opts & { name?: string; description?: string; team?: string | false; runbook?: string | false; expert?: string[]; dependsOn?: string[] };

/** `tocsin service edit`: the catalog entry's fields; experts and dependencies replace the sets. */
function editCommand(service: Command): void {
  apiCommand(
    service
      .command('edit')
      .description('change a service: its name, description, owning team, runbook, experts or dependencies (admins)')
      .argument('<service>', 'the service: its name or id')
      .option('--name <name>', 'a new name')
      .option('--description <text>', 'what it does for its users')
      .option('--team <team>', 'the team that owns it: name or id')
      .option('--no-team', 'owned by no team')
      .option('--runbook <url>', 'http(s) link to its runbook')
      .option('--no-runbook', 'no runbook')
      .option('--expert <user>', 'a subject-matter expert, paged with `tocsin page --experts` (repeat; replaces them all)', collect)
      .option('--depends-on <service>', 'a service it depends on (repeat; replaces them all; no cycles)', collect)
      .addHelpText('after', '\nExample:\n  tocsin service edit Checkout --team Payments --runbook https://wiki.example.com/checkout --expert ada@example.com --depends-on Ledger'),
  ).action(async (ref: string, o: EditOpts) => {
    const api = apiClient(o);
    const id = await resolveId(api, ref, { ...SERVICE_LOOKUP, flag: '<service>' });
    const team = typeof o.team === 'string' ? await resolveNamed(api, o.team, { ...TEAM_LOOKUP, flag: '--team' }) : undefined;
    const change: ServicePatch = {
      ...(o.name === undefined ? {} : { name: o.name }),
      ...(o.description === undefined ? {} : { description: o.description }),
      ...(o.team === undefined ? {} : { owner_team_id: team?.id ?? null }),
      ...(o.runbook === undefined ? {} : { runbook_url: o.runbook === false ? null : o.runbook }),
      ...(o.expert ? { expert_ids: await resolveIds(api, o.expert, { ...USER_LOOKUP, flag: '--expert' }) } : {}),
      ...(o.dependsOn ? { dependency_ids: await resolveIds(api, o.dependsOn, { ...SERVICE_LOOKUP, flag: '--depends-on' }) } : {}),
    };
    if (Object.keys(change).length === 0) throw new CliError('nothing to change: give --name, --description, --team, --runbook, --expert or --depends-on', EXIT_USAGE);
    const s = await api.patch<Service>(`/services/${encodeURIComponent(id)}`, change);
    if (o.json) return printJson(s);
    // The team as just named, else (unchanged) read by its id.
    const owner = team ?? (s.owner_team_id ? await api.get<{ name: string }>(`${TEAM_LOOKUP.path}/${encodeURIComponent(s.owner_team_id)}`) : undefined);
    out(`Changed service ${s.name}.`);
    out(fields([['id', s.id], ['owner team', owner?.name ?? '-'], ['runbook', text(s.runbook_url)], ['experts', String(s.expert_ids.length)], ['depends on', String(s.dependency_ids.length)]]));
  });
}

/** `tocsin service remove`: only a service no incident names (the API refuses the others). */
function removeCommand(service: Command): void {
  apiCommand(
    service
      .command('remove')
      .description('delete a service that no incident names, with its integration keys and changes (admins)')
      .argument('<service>', 'the service: its name or id')
      .option('--yes', 'confirm')
      .addHelpText('after', '\nExample:\n  tocsin service remove "Old checkout" --yes'),
  ).action(async (ref: string, o: Opts & { yes?: boolean }) => {
    const api = apiClient(o);
    const s = await api.get<Service>(`/services/${encodeURIComponent(await resolveId(api, ref, { ...SERVICE_LOOKUP, flag: '<service>' }))}`);
    requireYes(o, `removing ${s.name} (${s.id}) deletes its integration keys (their senders are refused from then on) and its recorded changes; its monitors stay, with no service`);
    await api.delete(`/services/${encodeURIComponent(s.id)}`);
    if (o.json) return printJson({ removed: s.id });
    out(`Removed service ${s.name}.`);
  });
}

const ON_RESOLVED = ['resolve', 'mitigate'] as const;
type AlertSettingsOpts = Opts & { groupingWindow?: number; groupBy?: string[]; clearGroupBy?: boolean; onResolved?: (typeof ON_RESOLVED)[number] };

/** `tocsin service alert-settings <service>`: prints them, changing the ones given first (admins). */
function alertSettingsCommand(service: Command): void {
  apiCommand(
    service
      .command('alert-settings')
      .description("how the service's alerts group into incidents and what their last one resolving does; options change them (admins)")
      .argument('<service>', 'the service: its name or id')
      .option('--grouping-window <minutes>', 'a new alert joins an open incident only if it was opened this recently (1-10080)', intInRange(1, 10080))
      .option('--group-by <labels>', 'labels whose values must match the incident’s first alert (repeat or comma-separate)', listOf((l) => l.trim()))
      .option('--clear-group-by', 'group by no labels')
      .option('--on-resolved <outcome>', `when the incident's last alert resolves: ${ON_RESOLVED.join(' or ')}`, oneOf(ON_RESOLVED))
      .addHelpText('after', '\nExample:\n  tocsin service alert-settings checkout --grouping-window 30 --group-by cluster --on-resolved mitigate'),
  ).action(async (ref: string, o: AlertSettingsOpts) => {
    const api = apiClient(o);
    const path = `/services/${encodeURIComponent(await resolveId(api, ref, { ...SERVICE_LOOKUP, flag: '<service>' }))}/alert-settings`;
    const change = {
      ...(o.groupingWindow === undefined ? {} : { grouping_window_minutes: o.groupingWindow }),
      ...(o.clearGroupBy ? { grouping_labels: [] } : o.groupBy ? { grouping_labels: o.groupBy } : {}),
      ...(o.onResolved ? { on_all_alerts_resolved: o.onResolved } : {}),
    };
    const s = Object.keys(change).length ? await api.put<AlertSettings>(path, change) : await api.get<AlertSettings>(path);
    if (o.json) return printJson(s);
    out(
      fields([
        ['grouping window', `${s.grouping_window_minutes} minutes`],
        ['group by', s.grouping_labels.length ? s.grouping_labels.join(', ') : '-'],
        ['all alerts resolved', s.on_all_alerts_resolved === 'mitigate' ? 'mitigate the incident (people resolve it)' : 'resolve the incident'],
      ]),
    );
  });
}
