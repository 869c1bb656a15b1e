import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectChromium } from '../support/browser.js';
import { freshDatabase, type FreshDatabase } from '../support/db.js';
import { buildAll, ROOT, startTocsin, type ServerProcess } from './server.js';

// A brand-new install: the setup link from the log makes the owner, who is then signed in,
// can sign out, signs back in, and is sent to sign in again when the session ends.

describe('first run in Chromium [sqlite]', () => {
  let browser: Browser;
  let fresh: FreshDatabase;
  let server: ServerProcess;

  beforeAll(async () => {
    buildAll();
    fresh = await freshDatabase('sqlite', { migrate: false });
    server = await startTocsin(fresh.url);
    browser = await connectChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await fresh?.drop();
  });

  it('creates the owner from the setup link, signs out and signs back in', async () => {
    const link = await waitForSetupLink(server);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    await page.goto(link);
    await page.getByRole('textbox', { name: 'Your name' }).fill('Margaret Hamilton');
    await page.getByRole('textbox', { name: 'Email' }).fill('margaret@example.test');
    const password = page.getByRole('textbox', { name: 'Password', exact: true });
    await password.fill('lunar module 1969');
    await page.screenshot({ path: join(ROOT, '.tmp', 'e2e-setup.png') });
    await password.press('Enter');
    await page.waitForURL(/\/incidents$/);
    await page.getByTestId('current-user').getByText('Margaret Hamilton').waitFor();
    expect(await page.getByTestId('current-user-role').textContent()).toBe('owner');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
    expect(await page.getByText('No accounts yet').count()).toBe(0);
    await page.goto(`${server.url}/incidents/new`);
    await page.waitForURL(/\/sign-in\?next=%2Fincidents%2Fnew$/);
    await page.getByRole('textbox', { name: 'Email' }).fill('margaret@example.test');
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('lunar module 1969');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/incidents\/new$/);
    await page.getByRole('heading', { name: 'Declare an incident' }).waitFor();
    // The live feed connects a moment after the page shows; once it is up, only the click below asks the server.
    await page.locator('[data-testid="live-status"][data-state="live"]').waitFor();

    // The session ends on the server (expired, or an admin deactivated the user): the next
    // request answers 401 and the app returns to the sign-in page, remembering where it was.
    await fresh.db.kysely.deleteFrom('sessions').execute();
    await page.getByRole('link', { name: 'Cancel' }).click();
    await page.waitForURL(/\/sign-in\?next=%2Fincidents$/);
  });
});

async function waitForSetupLink(server: ServerProcess): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const m = /https?:\/\/[^\s"]+\/setup\?token=[^\s"]+/.exec(server.output());
    if (m) return m[0];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no setup link in the server log:\n${server.output()}`);
}
