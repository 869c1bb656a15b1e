import type { Command } from 'commander';
import { apiClient, type Api } from '../cli/api-client.js';
import { listCommand, resolveId, type Lookup } from '../cli/lookup.js';
import { fields, localTime, out, printJson, table, text, truncate } from '../cli/output.js';
import type { ApiResponse } from '../http/api-types.js';
import { apiCommand, type Opts } from '../incidents/cli-args.js';

// `tocsin policy list|show` over the API, and the tier-by-tier answer `tocsin oncall --service` prints.

type Policy = ApiResponse<'/api/v1/escalation-policies/{id}', 'get'>;
type Reach = ApiResponse<'/api/v1/escalation-policies/{id}/on-call', 'get'>;

export const POLICY_LOOKUP: Omit<Lookup, 'flag'> = { path: '/escalation-policies', idPrefix: 'esc_', noun: 'escalation policy' };

const condition = (severities: string[] | null): string => (severities ? severities.join(', ') + ' only' : 'every severity');

/** One row per tier: its delay, condition, targets and who it would reach (or why nobody). */
export function reachTable(r: Reach): string {
  if (!r.policy) return 'No escalation policy: nobody would be paged.';
  const rows = r.tiers.map((t) => [
    String(t.position),
    `${t.delay_minutes} min`,
    condition(t.severities) + (t.applies ? '' : ' (skipped)'),
    t.targets.map((x) => x.name ?? `${x.kind} ${x.id ?? ''} (gone)`).join(', '),
    t.people.length ? t.people.map((p) => p.user_name).join(', ') : `nobody: ${t.targets.map((x) => x.gap).filter(Boolean).join('; ')}`,
  ]);
  return [`${r.policy.name} at ${localTime(r.at)}`, table(['tier', 'after', 'when', 'targets', 'reaches'], rows)].join('\n');
}

const policyId = (api: Api, ref: string): Promise<string> => resolveId(api, ref, { ...POLICY_LOOKUP, flag: '<policy>' });

export function policyCommands(program: Command): void {
  const policy = program.command('policy').description('escalation policies (over the API)');
  listCommand<Policy>({
    parent: policy,
    path: '/escalation-policies',
    plural: 'escalation policies',
    headers: ['name', 'id', 'tiers', 'repeats', 'description'],
    row: (p) => [truncate(p.name, 40), p.id, String(p.tiers.length), String(p.repeat_count), truncate(text(p.description), 50)],
    example: 'tocsin policy list --q checkout',
  });
  apiCommand(policy.command('show').description('show a policy: its tiers and who each would reach now').argument('<policy>', 'its name or id').option('--at <time>', 'an instant, RFC 3339 (default now)')).action(
    async (ref: string, o: Opts & { at?: string }) => {
      const api = apiClient(o);
      const id = encodeURIComponent(await policyId(api, ref));
      const [p, reach] = [await api.get<Policy>(`/escalation-policies/${id}`), await api.get<Reach>(`/escalation-policies/${id}/on-call`, { at: o.at })];
      if (o.json) return printJson({ ...p, on_call: reach });
      out([fields([['name', p.name], ['id', p.id], ['repeats', String(p.repeat_count)]]), '', reachTable(reach)].join('\n'));
    },
  );
}
