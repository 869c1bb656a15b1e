import { describe, it } from 'vitest';
import { DIALECTS } from './db.js';
import { ALL_DIALECTS, type DialectName } from './dialects.js';

/**
 * `describe(name [dialect])` for each database of this run that the suite supports (`only`).
 * When TOCSIN_TEST_DIALECTS leaves none (a PostgreSQL-only suite in a SQLite-only run), the file
 * shows one skipped test saying why, instead of failing as a file with no tests.
 */
export function describeDialects(name: string, fn: (dialect: DialectName) => void, only: readonly DialectName[] = ALL_DIALECTS): void {
  const run = DIALECTS.filter((d) => only.includes(d));
  if (!run.length) {
    describe.skip(`${name} [${only.join(', ')} only]`, () => {
      it.skip(`not run: TOCSIN_TEST_DIALECTS=${process.env.TOCSIN_TEST_DIALECTS ?? ''} leaves out ${only.join(' and ')}`, () => undefined);
    });
    return;
  }
  for (const dialect of run) describe(`${name} [${dialect}]`, () => fn(dialect));
}
