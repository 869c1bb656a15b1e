import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../support/db.js';
import { createToken, createUser, type TestUser } from '../support/factories.js';
import { browserDialects, misfits, startTocsin, type ServerProcess, useChromium, shotPath, signInWithForm } from './server.js';

// The catalog as an admin builds it and an on-call engineer reads it: people, a team, a service
// with its experts and runbook, "who to call", API tokens that work once and stop when revoked,
// an incident edited in place, and a viewer who sees no edit buttons.

const chromium = useChromium();

const signIn = signInWithForm;

async function pick(page: Page, combobox: string, option: string, search?: string): Promise<void> {
  const box = page.getByRole('combobox', { name: combobox });
  await box.click();
  if (search) await box.fill(search);
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Screenshots without the toasts of earlier steps or a hovered tooltip. */
async function quiet(page: Page): Promise<void> {
  for (const close of await page.locator('.mantine-Notification-closeButton').all()) await close.click().catch(() => undefined);
  await expect.poll(() => page.locator('.mantine-Notification-root').count()).toBe(0);
  await page.mouse.move(0, 0);
}

for (const dialect of browserDialects()) {
  describe(`catalog in Chromium [${dialect}]`, () => {
    let fresh: FreshDatabase;
    let server: ServerProcess;
    let context: BrowserContext;
    let page: Page;
    let ada: TestUser;
    let vera: TestUser;
    let serviceUrl = '';
    const pageErrors: string[] = [];
    const shot = (name: string) => shotPath(name, dialect);
    const me = (token: string) => fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });

    beforeAll(async () => {
      fresh = await freshDatabase(dialect);
      server = await startTocsin(fresh.url);
      ada = await createUser(fresh.db, { role: 'admin', name: 'Ada Lovelace', email: 'ada@example.test' });
      vera = await createUser(fresh.db, { role: 'viewer', name: 'Vera Viewer', email: 'vera@example.test' });
      const token = await createToken(fresh.db, ada.id);
      const res = await fetch(`${server.url}/api/v1/incidents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Ledger lags', severity: 'SEV-3' }),
      });
      expect(res.status).toBe(201);
      context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
      page = await context.newPage();
      page.setDefaultTimeout(10_000);
      page.on('pageerror', (err) => pageErrors.push(err.message));
      await signIn(page, server.url, ada);
    });

    afterAll(async () => {
      await context?.close();
      await server?.stop();
      await fresh?.drop();
    });

    it('adds a person with a time zone; an admin is not offered the owner role', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
      await page.getByRole('button', { name: 'Add person' }).click();
      const dialog = page.getByRole('dialog');
      await pick(page, 'Time zone', 'Europe/Helsinki', 'Helsinki');
      await dialog.getByRole('textbox', { name: 'Email' }).fill('linus@example.test');
      const name = dialog.getByRole('textbox', { name: 'Name' });
      await name.fill('Linus Torvalds');
      await name.press('Enter');
      await dialog.waitFor({ state: 'hidden' });
      const row = page.getByTestId('person-row').filter({ hasText: 'Linus Torvalds' });
      await row.getByText(/Europe\/Helsinki/).waitFor();
      await page.getByRole('combobox', { name: 'Role of Linus Torvalds' }).click();
      await page.getByRole('option', { name: 'admin', exact: true }).waitFor();
      expect(await page.getByRole('option', { name: 'owner', exact: true }).count()).toBe(0);
      await page.keyboard.press('Escape');
      await quiet(page);
      await page.screenshot({ path: shot('e2e-people') });
    });

    it('sets a password for the person added without one, who can then sign in; deactivates and reactivates him', async () => {
      const row = page.getByTestId('person-row').filter({ hasText: 'Linus Torvalds' });
      expect(await page.getByRole('button', { name: 'Set password for Ada Lovelace' }).count()).toBe(0); // yourself: My profile
      await row.getByRole('button', { name: 'Set password for Linus Torvalds' }).click();
      const dialog = page.getByRole('dialog', { name: 'Set a password for Linus Torvalds' });
      const submit = dialog.getByRole('button', { name: 'Set password' });
      await dialog.getByLabel('New password', { exact: true }).fill('short');
      await dialog.getByLabel('New password again').fill('short');
      await dialog.locator('.mantine-InputWrapper-error', { hasText: 'At least 8 characters' }).waitFor();
      expect(await submit.isDisabled()).toBe(true);
      await dialog.getByLabel('New password', { exact: true }).fill('penguin-kernel-42');
      await dialog.getByLabel('New password again').fill('penguin-kernel-41');
      await dialog.locator('.mantine-InputWrapper-error', { hasText: 'The two passwords differ' }).waitFor();
      expect(await submit.isDisabled()).toBe(true);
      await dialog.getByLabel('New password again').fill('penguin-kernel-42');
      await dialog.getByLabel('New password again').press('Enter');
      await dialog.waitFor({ state: 'hidden' });
      await page.getByText('New password set for Linus Torvalds').waitFor();

      const linusContext = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
      const lp = await linusContext.newPage();
      lp.setDefaultTimeout(10_000);
      await signIn(lp, server.url, { email: 'linus@example.test', password: 'penguin-kernel-42' } as TestUser);
      expect(await lp.getByTestId('current-user').textContent()).toContain('Linus Torvalds');

      // A second new password ends the session Linus started with the first.
      await row.getByRole('button', { name: 'Set password for Linus Torvalds' }).click();
      await dialog.getByLabel('New password', { exact: true }).fill('penguin-kernel-43');
      await dialog.getByLabel('New password again').fill('penguin-kernel-43');
      await dialog.getByRole('button', { name: 'Set password' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await lp.reload();
      await lp.waitForURL(/\/sign-in/);
      await signIn(lp, server.url, { email: 'linus@example.test', password: 'penguin-kernel-43' } as TestUser);

      // Deactivated, Linus is signed out; reactivated, he can sign in again.
      await row.getByRole('button', { name: 'Deactivate Linus Torvalds' }).click();
      const confirm = page.getByRole('dialog', { name: 'Deactivate Linus Torvalds?' });
      await confirm.getByRole('button', { name: 'Deactivate' }).click();
      await confirm.waitFor({ state: 'hidden' });
      await row.getByText('deactivated').waitFor();
      await lp.reload();
      await lp.waitForURL(/\/sign-in/);
      await row.getByRole('button', { name: 'Reactivate Linus Torvalds' }).click();
      await page.getByText('Linus Torvalds can sign in again').waitFor();
      await expect.poll(() => row.getByText('deactivated').count()).toBe(0); // the list refetches after the notice
      await signIn(lp, server.url, { email: 'linus@example.test', password: 'penguin-kernel-43' } as TestUser);
      await linusContext.close();
      await quiet(page);
    });

    it('creates a team with that member', async () => {
      await page.getByRole('link', { name: 'Teams' }).click();
      await page.getByRole('button', { name: 'New team' }).click();
      await pick(page, 'Members', 'Linus Torvalds');
      const name = page.getByRole('dialog').getByRole('textbox', { name: 'Name' });
      await name.fill('Payments');
      await name.press('Enter');
      await page.getByTestId('team-row').filter({ hasText: 'Payments' }).getByText('1 member: Linus Torvalds').waitFor();
      // Linus has no way to be paged yet: the team says so before the night it matters.
      const readiness = page.getByTestId('team-row').filter({ hasText: 'Payments' }).getByTestId('team-readiness');
      await expect.poll(() => readiness.innerText()).toBe('Cannot be paged: Linus Torvalds (no verified contact method, no notification rule for high urgency)');
    });

    it('creates a service owned by the team, with an expert and a runbook, and shows who to call', async () => {
      await page.getByRole('link', { name: 'Services' }).click();
      await page.getByRole('button', { name: 'New service' }).click();
      const dialog = page.getByRole('dialog');
      await pick(page, 'Owner team', 'Payments');
      await pick(page, 'Subject-matter experts', 'Ada Lovelace');
      await dialog.getByRole('textbox', { name: 'Runbook URL' }).fill('https://runbooks.example.test/checkout');
      const name = dialog.getByRole('textbox', { name: 'Name' });
      await name.fill('checkout');
      await name.press('Enter');
      await page.waitForURL(/\/services\/[^/]+$/);
      serviceUrl = page.url();
      expect(await page.getByTestId('service-heading').textContent()).toBe('checkout');
      expect(await page.getByTestId('runbook-link').getAttribute('href')).toBe('https://runbooks.example.test/checkout');
      const who = page.getByTestId('contact');
      await expect.poll(() => who.allInnerTexts()).toHaveLength(2);
      const [first, second] = (await who.allInnerTexts()).map((t) => t.toLowerCase());
      expect(first).toContain('ada lovelace');
      expect(first).toContain('expert');
      expect(second).toContain('linus torvalds');
      expect(second).toContain('payments');
      expect(second).toContain('europe/helsinki');
      await quiet(page);
      await page.screenshot({ path: shot('e2e-service'), fullPage: true });
    });

    it('says beside the field, naming the services, when a dependency would close a cycle', async () => {
      await page.getByRole('link', { name: 'Services', exact: true }).click();
      await page.getByRole('button', { name: 'New service' }).click();
      await pick(page, 'Depends on', 'checkout');
      await page.getByRole('dialog').getByRole('textbox', { name: 'Name' }).fill('ledger');
      await page.getByRole('dialog').getByRole('textbox', { name: 'Name' }).press('Enter');
      await page.getByTestId('service-heading').filter({ hasText: 'ledger' }).waitFor();
      await page.goto(serviceUrl);
      await page.getByRole('button', { name: 'Edit service' }).click();
      await pick(page, 'Depends on', 'ledger');
      await page.getByRole('dialog').getByRole('textbox', { name: 'Name' }).press('Enter');
      // Beside the field (problem+json `field`), in words, naming the services from the API's detail, not their ids.
      const error = page.getByRole('dialog').getByText(/would make a loop/);
      await error.waitFor();
      const text = (await error.textContent()) ?? '';
      expect(text).toContain('This would make a loop (checkout → ledger → checkout)');
      expect(text).not.toContain(new URL(serviceUrl).pathname.split('/').pop()!);
      expect(await page.getByRole('dialog').getByTestId('error').count()).toBe(0);
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    });

    it('creates an API token shown once, which works until it is revoked in the UI', async () => {
      await page.goto(`${server.url}/profile`);
      await page.getByRole('button', { name: 'New token' }).click();
      const name = page.getByRole('dialog').getByRole('textbox', { name: 'Name' });
      await name.fill('deploy pipeline');
      await name.press('Enter');
      await page.getByText('You will not see this token again').waitFor();
      const secret = (await page.getByTestId('token-secret').textContent())!.trim();
      expect(secret).toMatch(/^tocsin_/);
      await page.getByRole('button', { name: 'Copy token' }).waitFor();
      await page.getByRole('button', { name: 'I have saved it' }).click();
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      expect(await page.content()).not.toContain(secret);
      expect((await me(secret)).status).toBe(200);

      const row = page.getByTestId('token-row').filter({ hasText: 'deploy pipeline' });
      expect(await row.getByText(secret.slice(0, 12)).count()).toBe(1);
      await quiet(page);
      await page.screenshot({ path: shot('e2e-profile'), fullPage: true });
      await row.getByRole('button', { name: 'Revoke deploy pipeline' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
      await page.locator('[data-testid="token-row"][data-state="revoked"]').waitFor();
      expect((await me(secret)).status).toBe(401);
    });

    it("edits an incident's title and hypothesis from its page; the timeline says so", async () => {
      await page.goto(`${server.url}/incidents/1`);
      await page.getByRole('button', { name: 'Edit details' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Hypothesis').fill('replica lag after the vacuum');
      const title = dialog.getByRole('textbox', { name: 'Title' });
      await title.fill('Ledger replica lags 10 minutes');
      await title.press('Enter');
      await dialog.waitFor({ state: 'hidden' });
      await page.getByTestId('timeline-sentence').filter({ hasText: 'Ada Lovelace updated title, hypothesis' }).waitFor();
      expect(await page.getByTestId('incident-heading').textContent()).toContain('Ledger replica lags 10 minutes');
      await page.getByTestId('incident-facts').getByText('replica lag after the vacuum').waitFor();
    });

    it('works at 375 px wide in dark mode (service and profile pages)', async () => {
      await page.setViewportSize({ width: 375, height: 812 });
      await page.getByTestId('color-scheme-toggle').click();
      for (const [path, name] of [[new URL(serviceUrl).pathname, 'e2e-service-phone'], ['/profile', 'e2e-profile-phone']] as const) {
        await page.getByRole('button', { name: 'Open navigation' }).click();
        await page.getByRole('menuitem', { name: path === '/profile' ? 'My profile' : 'Services' }).click();
        if (path !== '/profile') await page.getByRole('link', { name: 'checkout' }).click();
        await page.waitForURL((u) => u.pathname === path);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.mouse.move(370, 800);
        expect(await misfits(page)).toEqual([]);
        await page.screenshot({ path: shot(name), fullPage: true });
      }
      expect(pageErrors).toEqual([]);
    });

    it('shows a viewer the catalog without edit buttons', async () => {
      const viewer = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
      const vp = await viewer.newPage();
      vp.setDefaultTimeout(10_000);
      await signIn(vp, server.url, vera);
      await vp.goto(serviceUrl);
      await vp.getByTestId('who-to-call').getByText('Linus Torvalds').waitFor();
      await vp.getByRole('link', { name: 'Open runbook' }).waitFor();
      const none = async (...names: string[]) => {
        for (const n of names) expect(await vp.getByRole('button', { name: n }).count(), n).toBe(0);
      };
      await none('Edit service', 'Delete service');
      await vp.goto(`${server.url}/services`);
      await vp.getByTestId('service-row').first().waitFor();
      await none('New service');
      await vp.goto(`${server.url}/teams`);
      await vp.getByTestId('team-row').first().waitFor();
      await none('New team', 'Edit Payments', 'Delete Payments');
      await vp.goto(`${server.url}/people`);
      await vp.getByTestId('person-row').first().waitFor();
      await none('Add person', 'Deactivate Linus Torvalds', 'Set password for Linus Torvalds');
      expect(await vp.getByRole('combobox', { name: /^Role of/ }).count()).toBe(0);
      await vp.goto(`${server.url}/incidents/1`);
      await vp.getByTestId('incident-heading').waitFor();
      // allowed_actions is empty for a viewer: no step, no severity, no note, no roles to change.
      await vp.getByTestId('incident-facts').waitFor();
      await none('Edit details', 'Acknowledge', 'Mitigate', 'Resolve', 'Close', 'Change severity', 'Add note');
      expect(await vp.getByTestId('lifecycle-actions').count()).toBe(0);
      expect(await vp.getByRole('textbox', { name: 'Add a note' }).count()).toBe(0);
      expect(await vp.getByRole('combobox', { name: 'Commander' }).isDisabled()).toBe(true);
      // An empty role reads as empty, not as an invitation the viewer cannot take up.
      expect(await vp.getByRole('combobox', { name: 'Commander' }).getAttribute('placeholder')).toBe('Nobody yet');
      await vp.keyboard.press('a'); // the key does nothing either
      expect(await vp.locator('.mantine-Notification-root').count()).toBe(0);
      await viewer.close();
    });
  });
}
