import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { AppError, ValidationError } from '../core/errors.js';
import pkg from '../../package.json' with { type: 'json' };
import { CliError, EXIT_USAGE } from './common.js';
import { forTerminal } from './output.js';
import { COMMANDS } from '../app/commands.js';
import { migrateCommand } from './migrate.js';
import { serveCommand } from './serve.js';

const commandPath = (cmd: Command): string => {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
};

/** Commander's `error: ...\n(Did you mean ...?)` as one line naming where to read more. */
function usageLine(raw: string, cmd: Command): string {
  const lines = raw
    .replace(/^error: /, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const [first = 'invalid usage', ...rest] = lines;
  const hint = rest.map((l) => ` ${l.replace(/^\(Did/, '(did')}`).join('');
  return `tocsin: ${first.replace(/\.$/, '')}${hint} (see ${commandPath(cmd)} --help)\n`;
}

/**
 * Every command: throw instead of exiting, and report usage errors as one line on stderr.
 * Required options are checked after unknown ones (commander checks them first), so a
 * misspelt `--sevrity` is reported as such rather than as a missing `--severity`.
 */
function configureTree(cmd: Command): void {
  cmd.exitOverride();
  cmd.showSuggestionAfterError(true);
  cmd.configureOutput({ outputError: (str) => process.stderr.write(usageLine(str, cmd)) });
  const required = cmd.options.filter((o) => o.mandatory);
  for (const option of required) option.mandatory = false;
  if (required.length) {
    cmd.hook('preAction', () => {
      const missing = required.find((o) => cmd.getOptionValue(o.attributeName()) === undefined);
      if (missing) cmd.error(`error: required option '${missing.flags}' not specified`, { code: 'commander.missingMandatoryOptionValue' });
    });
  }
  cmd.commands.forEach(configureTree);
}

export function buildProgram(): Command {
  const program = new Command('tocsin')
    .description('Tocsin: self-hosted incident management.')
    .version(pkg.version, '-V, --version')
    .addHelpText(
      'after',
      `
Offline admin commands (migrate, user create, token create) use the database in
TOCSIN_DATABASE_URL (default sqlite:./data/tocsin.db). Every other command (incident, service,
team, user list, ...) talks to the API at TOCSIN_URL (default http://localhost:8080) with the API
token in TOCSIN_TOKEN. Services, teams and people are named by name, email or id.
Every command takes --help, and --json for machine-readable output.

First run:
  tocsin migrate
  tocsin user create --email ada@example.com --name "Ada Lovelace" --role owner --password-stdin
  export TOCSIN_TOKEN=$(tocsin token create --user ada@example.com --name laptop)
  tocsin serve &
  tocsin service create --name Checkout
  tocsin incident declare --title "Checkout returns 502" --severity SEV-2 --service Checkout

Exit status: 0 done, 1 the operation failed, 2 wrong usage or configuration.`,
    );
  serveCommand(program, () => import('../app/server.js'));
  migrateCommand(program);
  for (const register of COMMANDS) register(program);
  configureTree(program);
  return program;
}

/** Prints an expected failure as one line and answers the exit status. */
function report(err: unknown): number {
  if (err instanceof CommanderError) {
    // Help and version print to stdout and succeed; a group without a subcommand printed its help.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
    return EXIT_USAGE;
  }
  let message: string;
  let code: number;
  if (err instanceof CliError) {
    [message, code] = [err.message, err.exitCode];
  } else if (err instanceof ValidationError && err.field?.startsWith('TOCSIN_')) {
    [message, code] = [err.message, EXIT_USAGE];
  } else if (err instanceof AppError) {
    const field = 'field' in err && typeof err.field === 'string' && !err.message.includes(err.field) ? ` (field: ${err.field})` : '';
    [message, code] = [`${err.message}${field}`, 1];
  } else {
    const detail = err instanceof Error ? err.message : String(err);
    [message, code] = [`unexpected error: ${detail}${process.env.TOCSIN_DEBUG ? '' : ' (set TOCSIN_DEBUG=1 for details)'}`, 1];
    if (process.env.TOCSIN_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  }
  // A problem's detail can quote other people's words (a name, a title): made safe as stdout is.
  process.stderr.write(`tocsin: ${forTerminal(message.replace(/\s*\n\s*/g, ' '), false)}\n`);
  return code;
}

/**
 * Runs the `tocsin` command line (without `node` and the script name) and sets the exit status.
 * `serve` keeps running until a signal; every other command ends when its work is done.
 */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  let ran = '';
  // A reader that stops early (`tocsin --help | head -1`) closes the pipe: that ends the command
  // quietly, as it ends any Unix tool, instead of with a stack trace. Not `serve`: a server is
  // not stopped because its log reader went away.
  if (argv[0] !== 'serve') {
    const readerGone = (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      process.exit(process.exitCode ?? 0);
    };
    process.stdout.on('error', readerGone);
    process.stderr.on('error', readerGone);
  }
  program.hook('preAction', (_root, action) => {
    ran = commandPath(action);
  });
  let code: number;
  try {
    await program.parseAsync(argv, { from: 'user' });
    code = 0;
  } catch (err) {
    code = report(err);
  }
  process.exitCode = code;
  if (ran !== 'tocsin serve' || code !== 0) {
    // Output drains first; a handle left open (a database pool) must not keep the command alive.
    setTimeout(() => process.exit(code), 2000).unref();
  }
  return code;
}

// `tsx src/cli/main.ts serve` (npm run dev) runs the command; importing this file does not.
const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) await main(process.argv.slice(2));
