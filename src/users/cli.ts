import { InvalidArgumentError, Option, type Command } from 'commander';
import { ROLES, type Role } from '../core/context.js';
import { ValidationError } from '../core/errors.js';
import { CliError, EXIT_USAGE, oneOf, openOfflineDatabase, systemCtx, withJson, type JsonOption } from '../cli/common.js';
import { fields, localTime, out, printJson } from '../cli/output.js';

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

/** The whole of stdin, without the one trailing newline `echo` or a here-string adds. */
async function readPasswordFromStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new CliError('--password-stdin reads the password from a pipe, e.g. `printf %s "$PW" | tocsin user create ...`', EXIT_USAGE);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (!password) throw new CliError('--password-stdin: stdin was empty', EXIT_USAGE);
  return password;
}

const FLAG_OF: Record<string, string> = { email: '--email', name: '--name', role: '--role', time_zone: '--time-zone', password: '--password-stdin' };

/** A value the users service refuses is a bad flag value: named by its flag, exit 2. */
function asFlagError(err: unknown): never {
  const flag = err instanceof ValidationError && err.field ? FLAG_OF[err.field] : undefined;
  if (flag) throw new CliError(`option '${flag}': ${err instanceof Error ? err.message : String(err)}`, EXIT_USAGE);
  throw err;
}

export function userCommands(program: Command): void {
  const user = program.command('user').description('manage users (offline: talks to the database directly)');
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
      .option('--password-stdin', 'read a password for web sign-in from stdin')
      .addHelpText(
        'after',
        `
Examples:
  tocsin user create --email ada@example.com --name "Ada Lovelace" --role owner
  printf %s "$PASSWORD" | tocsin user create --email ada@example.com --name Ada --role owner --password-stdin`,
      ),
  ).action(async (opts: UserCreateOptions) => {
    const password = opts.passwordStdin ? await readPasswordFromStdin() : undefined;
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
}
