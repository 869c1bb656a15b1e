import type { Command } from 'commander';
import { apiClient, type Api } from '../cli/api-client.js';
import { CliError, collect, EXIT_USAGE, intInRange } from '../cli/common.js';
import { listCommand, resolveId, type Lookup } from '../cli/lookup.js';
import { fields, localTime, out, printJson, table, text, truncate } from '../cli/output.js';
import type { ApiRequestBody, ApiResponse } from '../http/api-types.js';
import { apiCommand, type Opts } from '../incidents/cli-args.js';
import { SCHEDULE_LOOKUP } from '../schedules/cli.js';
import { SERVICE_LOOKUP } from '../services/cli.js';
import { TEAM_LOOKUP } from '../teams/cli.js';
import { USER_LOOKUP } from '../users/cli.js';
import { parseTier, type TargetSpec, type TierSpec } from './cli-tiers.js';
import { MAX_ACK_TIMEOUT_MINUTES, MAX_REPEAT } from './model.js';

// `tocsin policy list|show` over the API, and the tier-by-tier answer `tocsin oncall --service` prints.

type Policy = ApiResponse<'/api/v1/escalation-policies/{id}', 'get'>;
type Reach = ApiResponse<'/api/v1/escalation-policies/{id}/on-call', 'get'>;
type NewPolicy = ApiRequestBody<'/api/v1/escalation-policies', 'post'>;
type Target = NonNullable<NewPolicy['tiers']>[number]['targets'][number];

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
  createCommand(policy);
}

const LOOKUPS = { user: USER_LOOKUP, schedule: SCHEDULE_LOOKUP, team: TEAM_LOOKUP } as const;

/** A target as the API takes it: names looked up (one that matches nothing or several is refused). */
async function targetOf(api: Api, t: TargetSpec): Promise<Target> {
  if (t.kind === 'incident_commander') return { kind: 'incident_commander' };
  return { kind: t.kind, id: await resolveId(api, t.ref, { ...LOOKUPS[t.kind], flag: '--tier' }) };
}

type CreateOpts = Opts & { name: string; tier: TierSpec[]; repeat?: number; ackTimeout?: number; team?: string; description?: string; service: string[] };

/**
 * `tocsin policy create`: tiers from the shell, and the services that use it. Every name is looked
 * up before anything is made, so a typo creates nothing.
 */
function createCommand(policy: Command): void {
  apiCommand(
    policy
      .command('create')
      .description('make an escalation policy from its tiers, and use it for services (admins)')
      .requiredOption('--name <name>', 'the policy’s name')
      .option('--tier <tier>', 'minutes [severities]: targets, e.g. "5: schedule:Secondary; user:grace@example.com" (repeat, in order)', parseTier, [])
      .option('--repeat <n>', `how many more times the whole policy runs after its last tier (0-${MAX_REPEAT})`, intInRange(0, MAX_REPEAT))
      .option('--ack-timeout <minutes>', `page again from tier 1 when an acknowledged incident is not mitigated or resolved within this (1-${MAX_ACK_TIMEOUT_MINUTES})`, intInRange(1, MAX_ACK_TIMEOUT_MINUTES))
      .option('--team <team>', 'the team that owns it: name or id')
      .option('--description <text>', 'what it is for')
      .option('--service <service>', 'use it for this service: name or id (repeat for several)', collect, [])
      .addHelpText(
        'after',
        `
A target is user:<email, name or id>, schedule:<name or id>, team:<name or id> (its members) or
commander (the incident's commander). Severities limit a tier (SEV-1,SEV-2); without them it
applies to every severity. The seed's default policy:
  tocsin policy create --name "Checkout on-call" --service Checkout \\
    --tier "0: schedule:Checkout primary" --tier "5: schedule:Checkout secondary" \\
    --tier "15 SEV-1: team:Engineering managers" --tier "30 SEV-1: team:Executives"`,
      ),
  ).action(async (o: CreateOpts) => {
    if (o.tier.length === 0) throw new CliError('give the policy its tiers: --tier "0: schedule:Primary" (repeat for each tier; see tocsin policy create --help)', EXIT_USAGE);
    const api = apiClient(o);
    const tiers: NonNullable<NewPolicy['tiers']> = [];
    for (const t of o.tier) {
      const targets: Target[] = [];
      for (const target of t.targets) targets.push(await targetOf(api, target));
      tiers.push({ delay_minutes: t.delay_minutes, severities: t.severities, targets });
    }
    const services: string[] = [];
    for (const s of o.service) services.push(await resolveId(api, s, { ...SERVICE_LOOKUP, flag: '--service' }));
    const body: NewPolicy = {
      name: o.name,
      tiers,
      ...(o.repeat === undefined ? {} : { repeat_count: o.repeat }),
      ...(o.ackTimeout === undefined ? {} : { ack_timeout_minutes: o.ackTimeout }),
      ...(o.team === undefined ? {} : { team_id: await resolveId(api, o.team, { ...TEAM_LOOKUP, flag: '--team' }) }),
      ...(o.description === undefined ? {} : { description: o.description }),
    };
    const made = await api.post<Policy>('/escalation-policies', body);
    for (const id of services) await api.put(`/services/${encodeURIComponent(id)}/escalation-policy`, { policy_id: made.id });
    if (o.json) return printJson(made);
    const reach = await api.get<Reach>(`/escalation-policies/${encodeURIComponent(made.id)}/on-call`);
    out(`Created escalation policy ${made.name}${services.length ? `, used by ${o.service.join(', ')}` : ''}.`);
    out([fields([['id', made.id], ['repeats', String(made.repeat_count)]]), '', reachTable(reach)].join('\n'));
  });
}
