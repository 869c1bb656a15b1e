import type { Command } from 'commander';
import { apiClient, type Api } from '../cli/api-client.js';
import { intInRange, oneOf, requireYes } from '../cli/common.js';
import { resolveId } from '../cli/lookup.js';
import { out, printJson } from '../cli/output.js';
import type { ApiQuery } from '../http/api-types.js';
import { apiCommand, type Opts } from '../incidents/cli-args.js';
import { SERVICE_LOOKUP } from '../services/cli.js';
import { addCommand, serviceName } from './cli-add.js';
import { asMonitorRefError, MONITOR_LOOKUP } from './cli-args.js';
import { probeCommand } from './cli-probe.js';
import { eventTable, locationTable, monitorDetail, monitorTable, stateText, uptimeLine, type Monitor, type MonitorEvents, type MonitorPage, type Uptime } from './cli-view.js';

// `tocsin monitor ...` over the API, and `tocsin probe`, the agent that checks from elsewhere.

const STATES = ['up', 'degraded', 'down', 'unknown', 'paused'] as const;
const RANGES = ['24h', '7d', '30d'] as const;

/** The monitor's id from what was typed: an id, its name, or the only name containing it. */
async function monitorId(api: Api, ref: string): Promise<string> {
  return resolveId(api, ref, MONITOR_LOOKUP).catch((err: unknown) => {
    throw asMonitorRefError(err);
  });
}

const path = (id: string): string => `/monitors/${encodeURIComponent(id)}`;
const monitorArg = (cmd: Command): Command => cmd.argument('<monitor>', 'the monitor: its name or id');

function listCommand(monitor: Command): void {
  apiCommand(
    monitor
      .command('list')
      .description('list monitors by name, with their state and last latency')
      .option('--q <text>', 'text in the name (case-insensitive)')
      .option('--state <state>', `only ${STATES.join(', ')}`, oneOf(STATES))
      .option('--service <service>', 'only monitors of this service (name or id)')
      .option('--limit <n>', 'how many (1-200, default 50)', intInRange(1, 200))
      .option('--cursor <cursor>', 'the next page, from the previous answer')
      .addHelpText('after', '\nWith --json prints the API\'s { "items": [...], "next_cursor": ... }.\nExample:\n  tocsin monitor list --state down'),
  ).action(async (o: Opts & { q?: string; state?: (typeof STATES)[number]; service?: string; limit?: number; cursor?: string }) => {
    const api = apiClient(o);
    const query: ApiQuery<'/api/v1/monitors', 'get'> = {
      q: o.q,
      state: o.state,
      service_id: o.service === undefined ? undefined : await resolveId(api, o.service, { ...SERVICE_LOOKUP, flag: '--service' }),
      limit: o.limit,
      cursor: o.cursor,
    };
    const page = await api.get<MonitorPage>('/monitors', query);
    if (o.json) return printJson(page);
    out(monitorTable(page));
  });
}

function showCommand(monitor: Command): void {
  apiCommand(
    monitorArg(monitor.command('show').description('show a monitor: its state at each location, uptime and recent events')).addHelpText(
      'after',
      '\nWith --json prints the monitor as the API does, plus "uptime" ({ "24h", "7d", "30d" }: the API\'s\nuptime answers) and "events" (the last 7 days, newest first).',
    ),
  ).action(async (ref: string, o: Opts) => {
    const api = apiClient(o);
    const id = await monitorId(api, ref);
    const m = await api.get<Monitor>(path(id));
    const answers = await Promise.all(RANGES.map((range) => api.get<Uptime>(`${path(id)}/uptime`, { range })));
    const uptime = { '24h': answers[0] ?? null, '7d': answers[1] ?? null, '30d': answers[2] ?? null };
    const events = await api.get<MonitorEvents>(`${path(id)}/events`, { range: '7d' });
    if (o.json) return printJson({ ...m, uptime, events: events.items });
    out(monitorDetail(m, { base: api.base, serviceName: await serviceName(api, m.service_id) }));
    out(uptimeLine(uptime));
    out('');
    out(locationTable(m));
    out('');
    out(eventTable(events.items.slice(0, 10)));
  });
}

function pauseCommands(monitor: Command): void {
  for (const [action, done, what] of [
    ['pause', 'Paused', 'stop checking (no alerts until resumed)'],
    ['resume', 'Resumed', 'check again'],
  ] as const) {
    apiCommand(monitorArg(monitor.command(action).description(what))).action(async (ref: string, o: Opts) => {
      const api = apiClient(o);
      const m = await api.post<Monitor>(`${path(await monitorId(api, ref))}/${action}`);
      if (o.json) return printJson(m);
      out(`${done} ${m.name} (${m.id}); it is ${stateText(m)}.`);
    });
  }
}

function removeCommand(monitor: Command): void {
  apiCommand(
    monitorArg(monitor.command('remove').alias('rm').description('delete a monitor and its history'))
      .option('--yes', 'confirm: the monitor and all its results go')
      .addHelpText('after', '\nExample:\n  tocsin monitor remove "orders db" --yes'),
  ).action(async (ref: string, o: Opts & { yes?: boolean }) => {
    const api = apiClient(o);
    const id = await monitorId(api, ref);
    const m = await api.get<Monitor>(path(id));
    requireYes(o, `removing ${m.name} (${m.id}) deletes its history too`);
    await api.delete(path(id));
    if (o.json) return printJson({ id: m.id, name: m.name, removed: true });
    out(`Removed ${m.name} (${m.id}) and its history.`);
  });
}

export function monitorCommands(program: Command): void {
  const monitor = program.command('monitor').description('uptime monitors: add, list, show, pause, resume, remove (over the API)');
  monitor.addHelpText(
    'after',
    `
These commands talk to the API at TOCSIN_URL (default http://localhost:8080) with the token in
TOCSIN_TOKEN; --url and --token override them. A monitor is named by its name or id.`,
  );
  addCommand(monitor);
  listCommand(monitor);
  showCommand(monitor);
  pauseCommands(monitor);
  removeCommand(monitor);
  probeCommand(program);
}
