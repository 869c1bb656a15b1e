import type { Command } from 'commander';
import type { ApiResponse } from '../http/api-types.js';
import { listCommand, type Lookup } from '../cli/lookup.js';
import { localTime, text, truncate } from '../cli/output.js';

type Service = ApiResponse<'/api/v1/services/{id}', 'get'>;

/** How `--service` values are looked up (incident declare): an id, or a service name. */
export const SERVICE_LOOKUP: Omit<Lookup, 'flag'> = { path: '/services', idPrefix: 'svc_', noun: 'service' };

export function serviceCommands(program: Command): void {
  const service = program.command('service').description('the service catalog (over the API)');
  listCommand<Service>({
    parent: service,
    path: '/services',
    plural: 'services',
    headers: ['name', 'id', 'owner team', 'runbook', 'updated'],
    row: (s) => [truncate(s.name, 40), s.id, text(s.owner_team_id), truncate(text(s.runbook_url), 50), localTime(s.updated_at)],
    example: 'tocsin service list --q checkout',
  });
}
