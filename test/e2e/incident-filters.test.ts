import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../support/db.js';
import { createToken, createUser, type TestUser } from '../support/factories.js';
import { browserDialects, misfits, startTocsin, type ServerProcess, useChromium, shotPath } from './server.js';

// The list narrowed the way a responder asks: "what hit checkout this week, drills aside?"
// Incidents on two services (one a drill) declared through the API; filters picked in the UI.

const chromium = useChromium();

/** A Select's input (its listbox carries the same label). */
const field = (page: Page, name: string) => page.locator(`input[aria-label="${name}"]`);
const titles = (page: Page) => page.getByTestId('incident-title').allTextContents();

for (const dialect of browserDialects()) {
  describe(`incident list filters in Chromium [${dialect}]`, () => {
    let fresh: FreshDatabase;
    let server: ServerProcess;
    let context: BrowserContext;
    let page: Page;
    let ada: TestUser;
    let token: string;
    const services: Record<string, string> = {};
    const pageErrors: string[] = [];
    const shot = (name: string) => shotPath(name, dialect);
    const callApi = async <T>(method: string, path: string, body: unknown = {}): Promise<T> => {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`).toBe(true);
      return (await res.json()) as T;
    };

    beforeAll(async () => {
      fresh = await freshDatabase(dialect);
      server = await startTocsin(fresh.url);
      ada = await createUser(fresh.db, { role: 'responder', name: 'Ada Lovelace', email: 'ada@example.test' });
      const owner = await createUser(fresh.db, { role: 'owner' });
      token = await createToken(fresh.db, owner.id);
      for (const name of ['checkout', 'payments']) services[name] = (await callApi<{ id: string }>('POST', '/services', { name })).id;
      token = await createToken(fresh.db, ada.id);
      await callApi('POST', '/incidents', { title: 'Checkout returns 502', severity: 'SEV-2', service_ids: [services.checkout] });
      await callApi('POST', '/incidents', { title: 'Payments API slow', severity: 'SEV-3', service_ids: [services.payments] });
      await callApi('POST', '/incidents', { title: 'Game day: checkout database failover', severity: 'SEV-2', service_ids: [services.checkout], drill: true });
      context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
      page = await context.newPage();
      page.setDefaultTimeout(10_000);
      page.on('pageerror', (err) => pageErrors.push(err.message));
      await page.goto(`${server.url}/sign-in?next=${encodeURIComponent('/incidents?view=all')}`);
      await page.getByRole('textbox', { name: 'Email' }).fill(ada.email);
      await page.getByRole('textbox', { name: 'Password', exact: true }).fill(ada.password);
      await page.getByRole('textbox', { name: 'Password', exact: true }).press('Enter');
      await page.waitForURL(/\/incidents\?view=all$/);
      await page.getByTestId('incident-row').nth(2).waitFor();
    });

    afterAll(async () => {
      await context?.close();
      await server?.stop();
      await fresh?.drop();
    });

    it('keeps every keystroke in the search box and writes the URL once typing pauses', async () => {
      const search = page.getByRole('textbox', { name: 'Search incidents' });
      await search.click();
      // Fast typing with pauses around the URL delay: nothing may be lost or reordered.
      for (const [i, ch] of [...'checkout returns'].entries()) await page.keyboard.type(ch, { delay: i % 4 === 3 ? 260 : 5 });
      expect(await search.inputValue()).toBe('checkout returns');
      await page.waitForURL(/q=checkout(\+|%20)returns/);
      await expect.poll(() => page.getByTestId('incident-row').count()).toBe(1);
      expect(await search.inputValue()).toBe('checkout returns');
      // A URL changed from elsewhere (the header link) replaces what is in the box.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incidents' }).click();
      await page.waitForURL((u) => u.pathname === '/incidents' && !u.search.includes('q='));
      await expect.poll(() => search.inputValue()).toBe('');
      await page.goto(`${server.url}/incidents?view=all`);
      await page.getByTestId('incident-row').nth(2).waitFor();
    });

    it('narrows to one service, and the choice lives in the URL', async () => {
      await field(page, 'Service').click();
      await page.getByRole('option', { name: 'checkout' }).click();
      await page.waitForURL(new RegExp(`service=${services.checkout}`));
      await expect.poll(() => titles(page)).toEqual(['Game day: checkout database failover', 'Checkout returns 502']);
      await page.reload();
      await expect.poll(() => titles(page)).toEqual(['Game day: checkout database failover', 'Checkout returns 502']);
      // The scope filters load a moment after the list: the picker's name arrives with them.
      await expect.poll(() => field(page, 'Service').inputValue()).toBe('checkout');
    });

    it('shows only real incidents or only drills', async () => {
      await page.getByRole('radiogroup', { name: 'Drills' }).getByText('No drills').click();
      await page.waitForURL(/drill=real/);
      await expect.poll(() => titles(page)).toEqual(['Checkout returns 502']);
      await page.getByRole('radiogroup', { name: 'Drills' }).getByText('Drills only').click();
      await expect.poll(() => titles(page)).toEqual(['Game day: checkout database failover']);
      await page.getByRole('radiogroup', { name: 'Drills' }).getByText('With drills').click();
      await expect.poll(() => titles(page)).toHaveLength(2);
    });

    it('keeps what was detected in the last 24 hours and shows the empty state for a range before it', async () => {
      await field(page, 'Detected').click();
      await page.getByRole('option', { name: 'Last 24 hours' }).click();
      await page.waitForURL(/detected=24h/);
      await expect.poll(() => titles(page)).toHaveLength(2);
      await field(page, 'Detected').click();
      await page.getByRole('option', { name: 'Custom range' }).click();
      await page.waitForURL(/detected=custom/);
      await page.getByRole('button', { name: 'Detected between' }).waitFor();
      await page.goto(`${server.url}/incidents?view=all&service=${services.checkout}&detected=custom&from=2020-01-01&to=2020-01-31`);
      await page.getByTestId('empty-list').getByText('No incidents match').waitFor();
      expect(await page.getByRole('button', { name: 'Detected between' }).textContent()).toContain('Jan 1, 2020');
      await page.screenshot({ path: shot('e2e-list-filters') });
    });

    it('folds the filters behind a Filters button at 375 px without overflowing', async () => {
      await page.setViewportSize({ width: 375, height: 812 });
      await page.goto(`${server.url}/incidents?view=all&drill=real`);
      await expect.poll(() => titles(page)).toEqual(['Payments API slow', 'Checkout returns 502']);
      const filters = page.getByRole('button', { name: /Filters/ });
      expect(await filters.textContent()).toContain('1');
      expect(await field(page, 'Service').isVisible()).toBe(false);
      await filters.click();
      await field(page, 'Service').click();
      await page.getByRole('option', { name: 'payments' }).click();
      await expect.poll(() => titles(page)).toEqual(['Payments API slow']);
      await page.mouse.move(200, 700);
      expect(await misfits(page)).toEqual([]);
      await page.screenshot({ path: shot('e2e-list-filters-phone'), fullPage: true });
      expect(pageErrors).toEqual([]);
    });
  });
}
