import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import { openDatabase } from '../../src/core/db/index.js';
import { silentLogger } from '../../src/core/log.js';
import { buildApp } from '../../src/http/app.js';
import { createLiveEvents } from '../../src/http/live.js';

export const OPENAPI_FILE = join(fileURLToPath(import.meta.url), '..', '..', '..', 'docs', 'openapi.json');

/** The app's OpenAPI document, built without a listening server or a real database. */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const config = loadConfig({ TOCSIN_DATABASE_URL: 'sqlite::memory:', TOCSIN_LOG_LEVEL: 'silent' });
  const db = openDatabase('sqlite::memory:');
  const app = await buildApp({ config, db, clock: new FakeClock(), log: silentLogger, events: createLiveEvents() });
  await app.ready();
  const doc = app.swagger() as unknown as Record<string, unknown>;
  await app.close();
  await db.close();
  return doc;
}
