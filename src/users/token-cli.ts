import type { Command } from 'commander';
import { CliError, intInRange, openOfflineDatabase, systemCtx, withJson, type JsonOption } from '../cli/common.js';
import { printJson } from '../cli/output.js';

interface TokenCreateOptions extends JsonOption {
  user: string;
  name: string;
  expiresInDays?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function tokenCommands(program: Command): void {
  const token = program.command('token').description('manage API tokens (offline: talks to the database directly)');
  withJson(
    token
      .command('create')
      .description('create an API token for a user; prints only the token on stdout')
      .requiredOption('--user <email>', "the user's email address")
      .requiredOption('--name <name>', 'what the token is for, e.g. "deploy script"')
      .option('--expires-in-days <days>', 'expire after this many days (default: never)', intInRange(1, 3650))
      .addHelpText(
        'after',
        `
The token is shown once; Tocsin keeps only its hash. Example:
  export TOCSIN_TOKEN=$(tocsin token create --user ada@example.com --name laptop)
With --json prints { id, name, prefix, created_at, expires_at, token, ... } instead.`,
      ),
  ).action(async (opts: TokenCreateOptions) => {
    const db = await openOfflineDatabase();
    try {
      const { createApiToken } = await import('../users/service.js');
      const { findUserByEmail } = await import('./store.js');
      const user = await findUserByEmail(db.kysely, opts.user.trim());
      if (!user) throw new CliError(`no user with email ${opts.user} (create one with \`tocsin user create\`)`);
      if (user.deactivated_at !== null) throw new CliError(`user ${opts.user} is deactivated`);
      const ctx = await systemCtx(db);
      const expiresAt =
        opts.expiresInDays === undefined ? undefined : ctx.clock.now().getTime() + opts.expiresInDays * DAY_MS;
      const created = await createApiToken(ctx, {
        userId: user.id,
        name: opts.name,
        ...(expiresAt === undefined ? {} : { expiresAt }),
      });
      if (opts.json) printJson(created);
      else process.stdout.write(`${created.token}\n`);
    } finally {
      await db.close().catch(() => undefined);
    }
  });
}
