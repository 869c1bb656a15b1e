import { InvalidArgumentError, Option, type Command } from 'commander';
import { ROLES, type Role } from '../core/context.js';
import { ValidationError } from '../core/errors.js';
import { CliError, EXIT_USAGE, oneOf, openOfflineDatabase, systemCtx, withJson, type JsonOption } from '../cli/common.js';
import { fields, localTime, out, printJson, truncate } from '../cli/output.js';
import { listCommand, type Lookup } from '../cli/lookup.js';
import type { Api } from '../cli/api-client.js';
import { readPassword } from '../cli/password.js';
import type { ApiResponse } from '../http/api-types.js';

type User = ApiResponse<'/api/v1/users/{id}', 'get'>;

/** How user flags (`--commander`, `--user`) are looked up: an id, a name or an email address. */
export const USER_LOOKUP: Omit<Lookup, 'flag'> = { path: '/users', idPrefix: 'usr_', noun: 'user' };

interface UserCreateOptions extends JsonOption {
  email: string;
  name: string;
  role: Role;
  timeZone?: string;
  passwordStdin?: boolean;
}

/** An IANA zone name such as Europe/Paris; refused by the option parser otherwise. */
function timeZoneArg(raw: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: raw });
    return raw;
  } catch {
    throw new InvalidArgumentError('Use an IANA time zone such as Europe/Paris or UTC.');
  }
}

const FLAG_OF: Record<string, string> = { email: '--email', name: '--name', role: '--role', time_zone: '--time-zone', password: '--password-stdin' };

/** A value the users service refuses is a bad flag value: named by its flag, exit 2. */
function asFlagError(err: unknown): never {
  const flag = err instanceof ValidationError && err.field ? FLAG_OF[err.field] : undefined;
  if (flag) throw new CliError(`option '${flag}': ${err instanceof Error ? err.message : String(err)}`, EXIT_USAGE);
  throw err;
}

export function userCommands(program: Command): void {
  const user = program.command('user').description('manage users (create: offline, in the database; list: over the API)');
  withJson(
    user
      .command('create')
      .description('create a user in the database from TOCSIN_DATABASE_URL (migrates it first)')
      .requiredOption('--email <email>', 'email address, used to sign in')
      .requiredOption('--name <name>', 'full name')
      .addOption(
        new Option('--role <role>', `one of ${ROLES.join(', ')}`).makeOptionMandatory().argParser(oneOf(ROLES)),
      )
      .option('--time-zone <zone>', 'IANA time zone, e.g. Europe/Paris (default UTC)', timeZoneArg)
      .option('--password-stdin', 'a password for web sign-in: read from stdin when piped, asked for (twice, hidden) on a terminal')
      .addHelpText(
        'after',
        `
Examples:
  tocsin user create --email ada@example.com --name "Ada Lovelace" --role owner
  tocsin user create --email ada@example.com --name Ada --role owner --password-stdin   (asks twice, hidden)
  printf %s "$PASSWORD" | tocsin user create --email ada@example.com --name Ada --role owner --password-stdin`,
      ),
  ).action(async (opts: UserCreateOptions) => {
    const password = opts.passwordStdin ? await readPassword() : undefined;
    const db = await openOfflineDatabase();
    try {
      const { createUser } = await import('../users/service.js');
      const created = await createUser(await systemCtx(db), {
        email: opts.email,
        name: opts.name,
        role: opts.role,
        ...(opts.timeZone ? { time_zone: opts.timeZone } : {}),
        ...(password ? { password } : {}),
      }).catch(asFlagError);
      if (opts.json) return printJson(created);
      out(`Created user ${created.name} <${created.email}>.`);
      out(
        fields([
          ['id', created.id],
          ['role', created.role],
          ['time zone', created.time_zone],
          ['created', localTime(created.created_at)],
        ]),
      );
    } finally {
      await db.close().catch(() => undefined);
    }
  });
  listCommand<User>({
    parent: user,
    path: '/users',
    plural: 'users',
    headers: ['name', 'email', 'role', 'id', 'status'],
    row: (u) => [truncate(u.name, 40), u.email, u.role, u.id, u.deactivated_at ? 'deactivated' : 'active'],
    extra: { headers: ['high-urgency page'], cells: pageReach },
    example: 'tocsin user list --q ada',
  });
}

type PeopleReadiness = ApiResponse<'/api/v1/readiness', 'get'>;

/**
 * Whether a high-urgency page reaches each active person (GET /readiness), as the People list
 * marks it: "ok", or "! no:" and the first reason (the profile has them all). Deactivated: "-".
 */
export async function pageReach(api: Api, users: User[]): Promise<(u: User) => string[]> {
  const active = users.filter((u) => !u.deactivated_at).slice(0, 100);
  const ready = active.length ? (await api.get<PeopleReadiness>('/readiness', { user_ids: active.map((u) => u.id).join(',') })).items : [];
  const byId = new Map(ready.map((r) => [r.user_id, r.high]));
  return (u) => {
    const high = byId.get(u.id);
    if (!high) return ['-'];
    return [high.reachable ? 'ok' : truncate(`! no: ${high.problems[0]?.message ?? 'no way to reach them'}`, 60)];
  };
}
