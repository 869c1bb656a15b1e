import type { Command } from 'commander';
import { apiClient } from '../cli/api-client.js';
import { CliError } from '../cli/common.js';
import { fields, localTime, out, printJson } from '../cli/output.js';
import type { ApiResponse } from '../http/api-types.js';
import { apiCommand, type Opts } from '../incidents/cli-args.js';

// `tocsin watchdog`: whether the heartbeat service outside hears that this Tocsin can page.

type State = ApiResponse<'/api/v1/watchdog', 'get'>;
type Check = ApiResponse<'/api/v1/watchdog/checks', 'post'>;

function pingText(c: Check): string {
  const p = c.ping;
  // Sent whenever set up and healthy; so nothing sent while healthy means not set up.
  if (!p) return c.healthy ? 'not sent (no TOCSIN_WATCHDOG_URL)' : 'not sent (no TOCSIN_WATCHDOG_FAIL_URL, or none set up): the missing ping is the alarm';
  return p.ok ? `${p.method} ${p.to}: ${p.status}` : `${p.method} ${p.to} failed: ${p.error ?? 'no answer'}`;
}

export function checkText(c: Check): string {
  const head = c.healthy ? 'Healthy: Tocsin can page.' : 'NOT healthy:';
  return [head, ...c.reasons.map((r) => `  - ${r}`), fields([['checked', localTime(c.at)], ['ping', pingText(c)]])].join('\n');
}

export function stateText(s: State): string {
  const lines = [
    fields([
      ['pings', s.configured ? `${s.ping_to} every ${s.interval_seconds} s` : 'nowhere: TOCSIN_WATCHDOG_URL is not set'],
      ['failures to', s.fail_to ?? '-'],
      ['last delivered', localTime(s.last_delivered_at)],
    ]),
  ];
  if (s.last_check) lines.push('', checkText(s.last_check));
  for (const n of s.notes) lines.push(`! ${n}`);
  return lines.join('\n');
}

export function watchdogCommands(program: Command): void {
  const watchdog = program.command('watchdog').description('whether the heartbeat service outside hears that Tocsin can page (admins)');
  apiCommand(watchdog).action(async (o: Opts) => {
    const s = await apiClient(o).get<State>('/watchdog');
    if (o.json) return printJson(s);
    out(stateText(s));
  });
  apiCommand(watchdog.command('check').description('check now, and ping the heartbeat service with the outcome; exit 1 when Tocsin is not healthy or the ping failed')).action(async (o: Opts) => {
    const c = await apiClient(o).post<Check>('/watchdog/checks', {});
    if (o.json) printJson(c);
    else out(checkText(c));
    if (!c.healthy || (c.ping && !c.ping.ok)) throw new CliError(c.healthy ? `the heartbeat service did not take the ping: ${c.ping?.error ?? ''}` : 'Tocsin is not healthy');
  });
}
