import type { Command } from 'commander';
import type { ApiResponse } from '../http/api-types.js';
import { listCommand } from '../cli/lookup.js';
import { localTime, text, truncate } from '../cli/output.js';

type Team = ApiResponse<'/api/v1/teams/{id}', 'get'>;

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
}
