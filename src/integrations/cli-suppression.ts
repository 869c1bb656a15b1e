import { InvalidArgumentError, type Command } from 'commander';
import { apiClient } from '../cli/api-client.js';
import { collect, oneOf } from '../cli/common.js';
import { resolveId } from '../cli/lookup.js';
import { fields, localTime, out, printJson, table, text } from '../cli/output.js';
import type { ApiResponse } from '../http/api-types.js';
import { apiCommand, type Opts } from '../incidents/cli-args.js';
import { SERVICE_LOOKUP } from '../services/cli.js';

// `tocsin suppression-rule add|list|remove` over the API (admins).

type Rule = ApiResponse<'/api/v1/suppression-rules', 'post'>;
type RuleList = ApiResponse<'/api/v1/suppression-rules', 'get'>;

const ACTIONS = ['drop', 'quiet'] as const;
const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;

/** A repeatable `--match labels.env=staging`: refused as usage when it has no `path=`. */
function matchPair(raw: string, previous: string[] = []): string[] {
  if (raw.indexOf('=') < 1) throw new InvalidArgumentError(`wants path=value, e.g. labels.env=staging (got "${raw}")`);
  return collect(raw, previous);
}

/** The `--match` pairs as the rule's `match` object. */
export const matchOf = (pairs: string[]): Record<string, string> => Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));

const conditions = (r: Rule) =>
  [r.service_id && `service ${r.service_id}`, r.source && `source ${r.source}`, r.severity && `severity ${r.severity}`, ...Object.entries(r.match).map(([k, v]) => `${k}=${v}`)].filter(Boolean).join(', ') ||
  'every event';

export function suppressionRuleCommands(program: Command): void {
  const cmd = program.command('suppression-rule').description('drop or quiet matching alert events, each one counted (admins, over the API)');

  apiCommand(
    cmd
      .command('add')
      .description('make a rule: matching triggers are dropped (counted) or kept quiet (an alert, no incident, no page)')
      .requiredOption('--name <name>', 'what the rule is for')
      .requiredOption('--action <action>', `${ACTIONS.join(' or ')}`, oneOf(ACTIONS))
      .option('--service <service>', 'only this service (name or id)')
      .option('--source <source>', 'an integration key id, or a key type: pagerduty, alertmanager, opsgenie, webhook')
      .option('--severity <severity>', `the sender's severity: ${SEVERITIES.join(', ')}`, oneOf(SEVERITIES))
      .option('--match <path=value>', 'a field that must equal the value, e.g. labels.env=staging (repeatable)', matchPair)
      .addHelpText('after', '\nExample:\n  tocsin suppression-rule add --name "staging never pages" --source alertmanager --match labels.env=staging --action quiet'),
  ).action(async (o: Opts & { name: string; action: (typeof ACTIONS)[number]; service?: string; source?: string; severity?: string; match?: string[] }) => {
    const api = apiClient(o);
    const serviceId = o.service ? await resolveId(api, o.service, { ...SERVICE_LOOKUP, flag: '--service' }) : undefined;
    const r = await api.post<Rule>('/suppression-rules', { name: o.name, action: o.action, service_id: serviceId, source: o.source, severity: o.severity, match: matchOf(o.match ?? []) });
    if (o.json) return printJson(r);
    out(fields([['id', r.id], ['name', r.name], ['action', r.action], ['matches', conditions(r)]]));
  });

  apiCommand(cmd.command('list').description('the rules, in the order they are tried, with the events each suppressed')).action(async (o: Opts) => {
    const page = await apiClient(o).get<RuleList>('/suppression-rules');
    if (o.json) return printJson(page);
    out(table(['name', 'id', 'action', 'matches', 'suppressed', 'last'], page.items.map((r) => [r.name, r.id, r.action, conditions(r), String(r.matched_events), text(r.last_matched_at && localTime(r.last_matched_at))])));
  });

  apiCommand(cmd.command('remove').description('delete a rule').argument('<rule-id>', 'the rule id (sup_...)')).action(async (id: string, o: Opts) => {
    await apiClient(o).delete(`/suppression-rules/${encodeURIComponent(id)}`);
    if (o.json) return printJson({ id, removed: true });
    out(`Removed ${id}`);
  });
}
