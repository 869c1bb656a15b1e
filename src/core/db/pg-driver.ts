import { createRequire } from 'node:module';
import type pg from 'pg';

// The PostgreSQL driver, loaded when a PostgreSQL database is first opened: a server or a
// command on SQLite never needs it, and loading it took about 80 ms of every start.
const load = createRequire(import.meta.url);
let driver: typeof pg | null = null;

export function pgDriver(): typeof pg {
  if (!driver) {
    driver = load('pg') as typeof pg;
    // bigint (int8) columns hold epoch milliseconds and counts: safe as JS numbers.
    driver.types.setTypeParser(20, (v) => Number(v));
  }
  return driver;
}
