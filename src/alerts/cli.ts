import type { Command } from 'commander';
import { apiClient } from '../cli/api-client.js';
import { resolveId } from '../cli/lookup.js';
import { bold, localTime, out, printJson, table } from '../cli/output.js';
import type { ApiResponse } from '../http/api-types.js';
import { apiCommand, type Opts } from '../incidents/cli-args.js';
import { SERVICE_LOOKUP } from '../services/cli.js';
import { noiseSourceLabel } from './noise-label.js';

// `tocsin report noise`: the noise report over the API, as a table.

type Noise = ApiResponse<'/api/v1/reports/noise', 'get'>;

/** 90s, 12m, 3.5h: short enough for a table column. */
export function shortDuration(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 120_000) return `${Math.round(ms / 1000)}s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)}m`;
  return `${(ms / 3_600_000).toFixed(1)}h`;
}

export function reportCommands(program: Command): void {
  const cmd = program.command('report').description('reports over the API');
  apiCommand(
    cmd
      .command('noise')
      .description('per source and alert class: alerts fired, acted on, resolved by themselves; and what to remove')
      .option('--from <time>', 'start, RFC 3339 (default: 30 days before --to)')
      .option('--to <time>', 'end, RFC 3339 (default: now)')
      .option('--service <service>', 'one service: its name or id')
      .addHelpText('after', '\nExample:\n  tocsin report noise --from 2026-01-01T00:00:00Z --to 2026-02-01T00:00:00Z'),
  ).action(async (o: Opts & { from?: string; to?: string; service?: string }) => {
    const api = apiClient(o);
    const serviceId = o.service ? await resolveId(api, o.service, { ...SERVICE_LOOKUP, flag: '--service' }) : undefined;
    const r = await api.get<Noise>('/reports/noise', { from: o.from, to: o.to, service_id: serviceId });
    if (o.json) return printJson(r);
    out(`${localTime(r.from)} to ${localTime(r.to)}: ${r.totals.fired} alerts fired, ${r.totals.handled} acted on, ${r.totals.ignored} ignored, ${r.totals.events} events`);
    out('');
    const rows = r.items.map((i) => [noiseSourceLabel(i), i.alert_class, String(i.fired), String(i.acknowledged), String(i.acted_on), String(i.self_resolved), String(i.events), shortDuration(i.median_open_ms)]);
    out(table(['source', 'class', 'fired', 'acked', 'acted on', 'self-resolved', 'events', 'median open'], rows));
    out('');
    out(bold('Candidates for removal'));
    if (r.removal_candidates.length === 0) return out('none: every class that fired often was acted on');
    out(table(['source', 'class', 'why'], r.removal_candidates.map((c) => [noiseSourceLabel(c), c.alert_class, c.reason])));
  });
}
