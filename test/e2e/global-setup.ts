import { launchChromiumServer, SHARED_BROWSER_ENV } from '../support/browser.js';
import prepareDatabases from '../support/global-setup.js';
import { buildAll, BUILT_ENV } from './server.js';

/**
 * Once for the browser step's files, one after another (vitest.config.ts): the app built when out
 * of date, migrated databases for their fresh ones to copy (as the integration step has; the first
 * run's own migration is first-run.test.ts's), and one Chromium. Undone after the last file.
 */
export default async function setup(): Promise<() => Promise<void>> {
  buildAll();
  process.env[BUILT_ENV] = '1';
  const dropTemplates = await prepareDatabases();
  const server = await launchChromiumServer();
  process.env[SHARED_BROWSER_ENV] = server.wsEndpoint();
  return async () => {
    delete process.env[SHARED_BROWSER_ENV];
    delete process.env[BUILT_ENV];
    await server.close();
    await dropTemplates();
  };
}
