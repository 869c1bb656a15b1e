import { launchChromiumServer, SHARED_BROWSER_ENV } from '../support/browser.js';

/** One Chromium for the browser step's files, one after another (vitest.config.ts); closed after the last. */
export default async function setup(): Promise<() => Promise<void>> {
  const server = await launchChromiumServer();
  process.env[SHARED_BROWSER_ENV] = server.wsEndpoint();
  return async () => {
    delete process.env[SHARED_BROWSER_ENV];
    await server.close();
  };
}
