import type { Command } from 'commander';
import { loadConfig } from '../core/config.js';
import { CliError, reasonOf, redactUrl, withJson, type JsonOption } from './common.js';
import { localTime, out, printJson, table } from './output.js';

export function migrateCommand(program: Command): void {
  withJson(
    program
      .command('migrate')
      .description('apply pending database migrations (TOCSIN_DATABASE_URL) and list every migration')
      .addHelpText(
        'after',
        `
Safe to run again: applied migrations are skipped. \`tocsin serve\` also migrates on start.
With --json prints { "database", "applied": [names applied now], "migrations": [{ "name", "applied_at" }] }.`,
      ),
  ).action(async (opts: JsonOption) => {
    const config = loadConfig();
    const { openDatabase } = await import('../core/db/index.js');
    const { listMigrations, migrateToLatest } = await import('../core/db/migrate.js');
    const db = openDatabase(config.databaseUrl, { poolSize: 2 });
    try {
      try {
        await db.ping();
      } catch (err) {
        throw new CliError(`cannot open the database at ${redactUrl(config.databaseUrl)}: ${reasonOf(err)}`);
      }
      let applied: string[];
      try {
        applied = await migrateToLatest(db);
      } catch (err) {
        throw new CliError(reasonOf(err));
      }
      const migrations = await listMigrations(db);
      if (opts.json) {
        printJson({ database: db.dialect, applied, migrations });
        return;
      }
      out(
        applied.length
          ? `Applied ${applied.length} migration${applied.length === 1 ? '' : 's'} to the ${db.dialect} database.`
          : `The ${db.dialect} database is up to date.`,
      );
      const rows = migrations.map((m) => [
        m.name,
        m.applied_at ? localTime(m.applied_at) : 'pending',
        applied.includes(m.name) ? 'now' : '',
      ]);
      out(table(['migration', 'applied', ''], rows));
    } finally {
      await db.close().catch(() => undefined);
    }
  });
}
