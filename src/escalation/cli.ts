import type { Command } from 'commander';
import { apiClient } from '../cli/api-client.js';
import { listCommand } from '../cli/lookup.js';
import { out, printJson, truncate } from '../cli/output.js';
import { apiCommand, type Opts } from '../incidents/cli-args.js';
import { describePolicy, policyId, usedBy, type Policy } from './cli-reach.js';
import { writeCommands } from './cli-write.js';

// `tocsin policy list|show` over the API. What they print of a policy: cli-reach.ts; making,
// changing and removing policies: cli-write.ts.

export function policyCommands(program: Command): void {
  const policy = program.command('policy').description('escalation policies (over the API)');
  listCommand<Policy>({
    parent: policy,
    path: '/escalation-policies',
    plural: 'escalation policies',
    headers: ['name', 'id', 'tiers', 'repeats', 'used by'],
    row: (p) => [truncate(p.name, 40), p.id, String(p.tiers.length), String(p.repeat_count), truncate(usedBy(p), 50)],
    example: 'tocsin policy list --q checkout',
  });
  apiCommand(policy.command('show').description('show a policy: its tiers and who each would reach now').argument('<policy>', 'its name or id').option('--at <time>', 'an instant, RFC 3339 (default now)')).action(
    async (ref: string, o: Opts & { at?: string }) => {
      const api = apiClient(o);
      const p = await api.get<Policy>(`/escalation-policies/${encodeURIComponent(await policyId(api, ref))}`);
      const { reach, readiness, text } = await describePolicy(api, p, o.at);
      if (o.json) return printJson({ ...p, on_call: reach, readiness });
      out(text);
    },
  );
  writeCommands(policy);
}
