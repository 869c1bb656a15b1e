import type { Command } from 'commander';
import type { ApiRequestBody, ApiResponse } from '../http/api-types.js';
import { apiClient } from '../cli/api-client.js';
import { collect } from '../cli/common.js';
import { listCommand, resolveIds, type Lookup } from '../cli/lookup.js';
import { fields, localTime, out, printJson, text, truncate } from '../cli/output.js';
import { apiCommand, type Opts } from '../incidents/cli-args.js';
import { USER_LOOKUP } from '../users/cli.js';

type Team = ApiResponse<'/api/v1/teams/{id}', 'get'>;
type NewTeam = ApiRequestBody<'/api/v1/teams', 'post'>;

/** How `--team` values are looked up: an id, or a team name. */
export const TEAM_LOOKUP: Omit<Lookup, 'flag'> = { path: '/teams', idPrefix: 'team_', noun: 'team' };

export function teamCommands(program: Command): void {
  const team = program.command('team').description('teams (over the API)');
  listCommand<Team>({
    parent: team,
    path: '/teams',
    plural: 'teams',
    headers: ['name', 'id', 'members', 'description', 'updated'],
    row: (t) => [truncate(t.name, 40), t.id, String(t.member_ids.length), truncate(text(t.description), 50), localTime(t.updated_at)],
    example: 'tocsin team list --q platform',
  });
  apiCommand(
    team
      .command('create')
      .description('make a team (admins)')
      .requiredOption('--name <name>', 'the team’s name, unique regardless of case')
      .option('--description <text>', 'what the team does')
      .option('--member <user>', 'a member: name, email or id (repeatable)', collect, [])
      .addHelpText('after', '\nExample:\n  tocsin team create --name Platform --member ada@example.com --member "Grace Hopper"'),
  ).action(async (o: Opts & { name: string; description?: string; member: string[] }) => {
    const api = apiClient(o);
    const memberIds = await resolveIds(api, o.member, { ...USER_LOOKUP, flag: '--member' });
    const body: NewTeam = { name: o.name, ...(o.description === undefined ? {} : { description: o.description }), ...(memberIds.length ? { member_ids: memberIds } : {}) };
    const t = await api.post<Team>('/teams', body);
    if (o.json) return printJson(t);
    out(`Created team ${t.name}.`);
    out(fields([['id', t.id], ['members', String(t.member_ids.length)]]));
  });
}
