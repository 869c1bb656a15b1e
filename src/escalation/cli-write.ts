import type { Command } from 'commander';
import { apiClient, type Api } from '../cli/api-client.js';
import { CliError, collect, EXIT_USAGE, intInRange, requireYes } from '../cli/common.js';
import { resolveId, resolveIds } from '../cli/lookup.js';
import { out, printJson } from '../cli/output.js';
import type { ApiRequestBody } from '../http/api-types.js';
import { apiCommand, type Opts } from '../incidents/cli-args.js';
import { SCHEDULE_LOOKUP } from '../schedules/cli.js';
import { SERVICE_LOOKUP } from '../services/cli.js';
import { TEAM_LOOKUP } from '../teams/cli.js';
import { USER_LOOKUP } from '../users/cli.js';
import { parseTier, type TargetSpec, type TierSpec } from './cli-tiers.js';
import { describePolicy, policyId, type Policy } from './cli-reach.js';
import { MAX_ACK_TIMEOUT_MINUTES, MAX_REPEAT } from './model.js';

// `tocsin policy create|edit|remove`: escalation policies from the shell. Every name is looked up
// before anything changes, so a typo changes nothing.

type NewPolicy = ApiRequestBody<'/api/v1/escalation-policies', 'post'>;
type Target = NonNullable<NewPolicy['tiers']>[number]['targets'][number];
type PolicyOpts = Opts & { tier: TierSpec[]; repeat?: number; ackTimeout?: number; team?: string; description?: string; service: string[] };

const LOOKUPS = { user: USER_LOOKUP, schedule: SCHEDULE_LOOKUP, team: TEAM_LOOKUP } as const;

const TARGETS_HELP = `
A target is user:<email, name or id>, schedule:<name or id>, team:<name or id> (its members) or
commander (the incident's commander). Severities limit a tier (SEV-1,SEV-2); without them it
applies to every severity.`;

/** A target as the API takes it: names looked up (one that matches nothing or several is refused). */
async function targetOf(api: Api, t: TargetSpec): Promise<Target> {
  if (t.kind === 'incident_commander') return { kind: 'incident_commander' };
  return { kind: t.kind, id: await resolveId(api, t.ref, { ...LOOKUPS[t.kind], flag: '--tier' }) };
}

/** The options create and edit share: tiers, repeats, the acknowledgement timeout, team, description, services. */
function policyOptions(cmd: Command, tierHelp: string): Command {
  return cmd
    .option('--tier <tier>', tierHelp, parseTier, [])
    .option('--repeat <n>', `how many more times the whole policy runs after its last tier (0-${MAX_REPEAT})`, intInRange(0, MAX_REPEAT))
    .option('--ack-timeout <minutes>', `page again from tier 1 when an acknowledged incident is not mitigated or resolved within this (1-${MAX_ACK_TIMEOUT_MINUTES})`, intInRange(1, MAX_ACK_TIMEOUT_MINUTES))
    .option('--team <team>', 'the team that owns it: name or id')
    .option('--description <text>', 'what it is for')
    .option('--service <service>', 'use it for this service: name or id (repeat for several)', collect, []);
}

/** The body fields the options give, every name looked up; then the services' ids. */
async function bodyOf(api: Api, o: PolicyOpts): Promise<{ body: Omit<NewPolicy, 'name'>; services: string[] }> {
  const tiers: NonNullable<NewPolicy['tiers']> = [];
  for (const t of o.tier) {
    const targets: Target[] = [];
    for (const target of t.targets) targets.push(await targetOf(api, target));
    tiers.push({ delay_minutes: t.delay_minutes, severities: t.severities, targets });
  }
  const services = await resolveIds(api, o.service, { ...SERVICE_LOOKUP, flag: '--service' });
  const body = {
    ...(tiers.length ? { tiers } : {}),
    ...(o.repeat === undefined ? {} : { repeat_count: o.repeat }),
    ...(o.ackTimeout === undefined ? {} : { ack_timeout_minutes: o.ackTimeout }),
    ...(o.team === undefined ? {} : { team_id: await resolveId(api, o.team, { ...TEAM_LOOKUP, flag: '--team' }) }),
    ...(o.description === undefined ? {} : { description: o.description }),
  };
  return { body, services };
}

/**
 * Sets the policy on the services, then prints it with who each tier would reach now. `known`: the
 * policy as the API just answered, read again only when services changed since.
 */
async function useAndShow(api: Api, o: Opts, id: string, services: string[], verb: string, known?: Policy): Promise<void> {
  for (const s of services) await api.put(`/services/${encodeURIComponent(s)}/escalation-policy`, { policy_id: id });
  const p = known && !services.length ? known : await api.get<Policy>(`/escalation-policies/${encodeURIComponent(id)}`);
  if (o.json) return printJson(p);
  out(`${verb} escalation policy ${p.name}.`);
  out((await describePolicy(api, p)).text);
}

export function writeCommands(policy: Command): void {
  apiCommand(
    policyOptions(
      policy.command('create').description('make an escalation policy from its tiers, and use it for services (admins)').requiredOption('--name <name>', 'the policy’s name'),
      'minutes [severities]: targets, e.g. "5: schedule:Secondary; user:grace@example.com" (repeat, in order)',
    ).addHelpText(
      'after',
      `${TARGETS_HELP} The seed's default policy:
  tocsin policy create --name "Checkout on-call" --service Checkout \\
    --tier "0: schedule:Checkout primary" --tier "5: schedule:Checkout secondary" \\
    --tier "15 SEV-1: team:Engineering managers" --tier "30 SEV-1: team:Executives"`,
    ),
  ).action(async (o: PolicyOpts & { name: string }) => {
    if (o.tier.length === 0) throw new CliError('give the policy its tiers: --tier "0: schedule:Primary" (repeat for each tier; see tocsin policy create --help)', EXIT_USAGE);
    const api = apiClient(o);
    const { body, services } = await bodyOf(api, o);
    const made = await api.post<Policy>('/escalation-policies', { name: o.name, ...body });
    await useAndShow(api, o, made.id, services, 'Created', made);
  });

  apiCommand(
    policyOptions(
      policy.command('edit').description('change an escalation policy; --tier replaces every tier (admins)').argument('<policy>', 'its name or id').option('--name <name>', 'a new name'),
      'the new tiers, all of them, in order: minutes [severities]: targets (repeat)',
    ).addHelpText('after', `${TARGETS_HELP}\nExample:\n  tocsin policy edit "Checkout on-call" --tier "0: schedule:Checkout primary" --tier "10: team:Platform" --ack-timeout 60`),
  ).action(async (ref: string, o: PolicyOpts & { name?: string }) => {
    const api = apiClient(o);
    const id = await policyId(api, ref);
    const { body, services } = await bodyOf(api, o);
    const change = { ...(o.name === undefined ? {} : { name: o.name }), ...body };
    if (Object.keys(change).length === 0 && services.length === 0) throw new CliError('nothing to change: give --name, --tier, --repeat, --ack-timeout, --team, --description or --service', EXIT_USAGE);
    const changed = Object.keys(change).length ? await api.patch<Policy>(`/escalation-policies/${encodeURIComponent(id)}`, change) : undefined;
    await useAndShow(api, o, id, services, 'Changed', changed);
  });

  apiCommand(
    policy
      .command('remove')
      .description('delete an escalation policy; the services that use it are left without one (admins)')
      .argument('<policy>', 'its name or id')
      .option('--yes', 'confirm')
      .addHelpText('after', '\nExample:\n  tocsin policy remove "Old checkout policy" --yes'),
  ).action(async (ref: string, o: Opts & { yes?: boolean }) => {
    const api = apiClient(o);
    const p = await api.get<Policy>(`/escalation-policies/${encodeURIComponent(await policyId(api, ref))}`);
    const left = p.services.map((s) => s.name).join(', ');
    requireYes(o, `removing ${p.name} (${p.id}) leaves ${left ? `${left} without an escalation policy, paging nobody` : 'no service without one'}`);
    await api.delete(`/escalation-policies/${encodeURIComponent(p.id)}`);
    if (o.json) return printJson({ removed: p.id, services_left_without_policy: p.services });
    out(`Removed escalation policy ${p.name}.${left ? ` ${left} now ${p.services.length === 1 ? 'has' : 'have'} no escalation policy: new incidents there page nobody until one is set.` : ''}`);
  });
}
