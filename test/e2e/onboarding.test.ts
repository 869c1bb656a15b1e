import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../support/db.js';
import { createToken, createUser, type TestUser } from '../support/factories.js';
import { browserDialects, startTocsin, type ServerProcess, useChromium, shotPath, signInWithForm } from './server.js';

// A new user's trip: an admin invites a teammate, who opens the link, sets a password and is
// signed in; pickers find a service beyond the first 200 by asking the server; a refused form
// says what is wrong beside the field.

const chromium = useChromium();

async function signIn(browser: Browser, url: string, user: TestUser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(10_000);
  await signInWithForm(page, url, user);
  return page;
}

for (const dialect of browserDialects()) {
  describe(`a new user's trip in Chromium [${dialect}]`, () => {
    let fresh: FreshDatabase;
    let server: ServerProcess;
    let ada: TestUser;
    let token: string;
    const shot = (name: string) => shotPath(name, dialect);
    const api = async (path: string, body: unknown) => {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status, `${path} ${await res.clone().text()}`).toBeLessThan(300);
      return (await res.json()) as { id: string };
    };

    beforeAll(async () => {
      fresh = await freshDatabase(dialect);
      server = await startTocsin(fresh.url);
      ada = await createUser(fresh.db, { role: 'admin', name: 'Ada Lovelace', email: 'ada@example.test' });
      token = await createToken(fresh.db, ada.id);
    });

    afterAll(async () => {
      await server?.stop();
      await fresh?.drop();
    });

    it('invites a teammate, who opens the link, sets a password and is signed in', async () => {
      const admin = await signIn(chromium.browser, server.url, ada);
      await admin.goto(`${server.url}/people`);
      await admin.getByRole('button', { name: 'Invite' }).click();
      const form = admin.getByRole('form', { name: 'Invite a person' });
      await form.getByRole('textbox', { name: 'Name' }).fill('Grace Hopper');
      await form.getByRole('textbox', { name: 'Email' }).fill('grace@example.test');
      await form.getByRole('button', { name: 'Create invitation' }).click();
      await admin.getByText('it is shown only once').waitFor();
      const link = await admin.getByRole('textbox', { name: 'Invitation link' }).inputValue();
      expect(link).toMatch(new RegExp(`^${server.url}/invite/[\\w-]{40,}$`));
      await admin.getByRole('button', { name: 'Copy invitation link' }).waitFor();
      await admin.screenshot({ path: shot('e2e-invite-link') });
      await admin.getByRole('button', { name: 'Done' }).click();
      // Until they set a password, the People page says they are invited.
      const row = admin.getByTestId('person-row').filter({ hasText: 'grace@example.test' });
      await row.getByText('invited', { exact: true }).waitFor();
      await admin.close();

      // The invited person, in a browser of their own.
      const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(link);
      await page.getByRole('heading', { name: 'Welcome, Grace Hopper' }).waitFor();
      const password = page.getByRole('textbox', { name: 'Password', exact: true });
      await password.fill('short');
      await password.press('Enter');
      await page.getByText('Use at least 8 characters.').waitFor();
      await password.fill('compiler 1952 cobol');
      await page.screenshot({ path: shot('e2e-invite-accept') });
      await password.press('Enter');
      await page.waitForURL(/\/incidents$/);
      await page.getByTestId('current-user').getByText('Grace Hopper').waitFor();
      expect(await page.getByTestId('current-user-role').textContent()).toBe('responder');
      const again = await signIn(chromium.browser, server.url, ada);
      await again.goto(`${server.url}/people`);
      const signedUp = again.getByTestId('person-row').filter({ hasText: 'grace@example.test' });
      await signedUp.waitFor();
      expect(await signedUp.getByText('invited', { exact: true }).count()).toBe(0);
      await again.close();

      // The link works once.
      await page.goto(link);
      await page.getByText('This link no longer works').waitFor();
      await context.close();
    });

    it('finds a service beyond the first 200 by searching on the server', async () => {
      for (let n = 0; n < 205; n++) await api('/services', { name: `Service ${String(n).padStart(3, '0')}` });
      const page = await signIn(chromium.browser, server.url, ada);
      await page.goto(`${server.url}/incidents/new`);
      const box = page.getByRole('combobox', { name: 'Affected services' });
      await box.click();
      await box.fill('Service 204');
      await page.getByRole('option', { name: 'Service 204', exact: true }).click();
      await page.getByRole('textbox', { name: 'Title' }).fill('Service 204 is slow');
      await page.getByRole('button', { name: 'Declare incident' }).click();
      await page.waitForURL(/\/incidents\/\d+$/);
      await page.getByRole('link', { name: 'Service 204' }).first().waitFor();
      await page.close();
    });

    it('says what is wrong with a field beside it, in words', async () => {
      const page = await signIn(chromium.browser, server.url, ada);
      await page.goto(`${server.url}/services`);
      await page.getByRole('button', { name: 'New service' }).click();
      const form = page.getByRole('form', { name: 'New service' });
      await form.getByRole('textbox', { name: 'Name' }).fill('Billing');
      const runbook = form.getByRole('textbox', { name: 'Runbook URL' });
      await runbook.fill('ftp://files.example.test/runbook');
      await form.getByRole('button', { name: 'Create service' }).click();
      // Beside the field (its accessible description), in words, not the API's "runbook_url must be an http(s) URL".
      await expect.poll(() => runbook.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await runbook.getAttribute('aria-describedby')) ?? '';
      const said = await page.evaluate((ids) => ids.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '), describedBy);
      expect(said).toContain('Enter a web address starting with https://');
      expect(await page.getByText('runbook_url must be').count()).toBe(0);
      expect(await form.getByTestId('error').count()).toBe(0);
      await page.screenshot({ path: shot('e2e-form-field-error') });
      await runbook.fill('https://wiki.example.test/billing');
      await form.getByRole('button', { name: 'Create service' }).click();
      await page.getByTestId('service-heading').getByText('Billing').waitFor();
      await page.close();
    });

    it('says beside the name when another team already has it, whatever the capitals', async () => {
      const page = await signIn(chromium.browser, server.url, ada);
      await page.goto(`${server.url}/teams`);
      for (const name of ['Payments', 'PAYMENTS']) {
        await page.getByRole('button', { name: 'New team' }).click();
        const form = page.getByRole('form', { name: 'New team' });
        const input = form.getByRole('textbox', { name: 'Name' });
        await input.fill(name);
        await form.getByRole('button', { name: 'Create team' }).click();
        if (name === 'Payments') {
          await form.waitFor({ state: 'detached' });
          continue;
        }
        await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
        const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
        const said = await page.evaluate((ids) => ids.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '), describedBy);
        expect(said).toContain('Another team already has this name');
        expect(await form.getByTestId('error').count()).toBe(0);
      }
      await page.close();
    });
  });
}
