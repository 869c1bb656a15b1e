import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../support/db.js';
import { createToken, createUser, type TestUser } from '../support/factories.js';
import { browserDialects, startTocsin, type ServerProcess, useChromium, shotPath, signInWithForm } from './server.js';

// A long history: 62 incidents declared through the API, 60 of them resolved. The list shows 50
// at a time, newest first; "Load older incidents" brings the rest, live changes refetch every
// page on screen, and the open view still puts what is on fire first.

const TOTAL = 62;
const OPEN = [61, 62]; // the newest two stay open
const chromium = useChromium();

const rowNumbers = (page: Page) =>
  page.getByTestId('incident-row').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-incident-number'))));
const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, k) => from - k);

for (const dialect of browserDialects({ each: true })) {
  describe(`incident list paging in Chromium [${dialect}]`, () => {
    let fresh: FreshDatabase;
    let server: ServerProcess;
    let context: BrowserContext;
    let page: Page;
    let ada: TestUser;
    let token: string;
    const pageErrors: string[] = [];
    const shot = (name: string) => shotPath(name, dialect);
    const callApi = async (method: string, path: string, body: unknown = {}) => {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`).toBe(true);
      return res;
    };

    beforeAll(async () => {
      fresh = await freshDatabase(dialect);
      server = await startTocsin(fresh.url);
      ada = await createUser(fresh.db, { role: 'responder', name: 'Ada Lovelace', email: 'ada@example.test' });
      token = await createToken(fresh.db, ada.id);
      for (let n = 1; n <= TOTAL; n++) {
        const severity = n === 61 ? 'SEV-1' : 'SEV-3';
        await callApi('POST', '/incidents', { title: `History incident ${n}`, severity });
        if (!OPEN.includes(n)) await callApi('POST', `/incidents/${n}/resolve`, { note: 'fixed' });
      }
      context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
      page = await context.newPage();
      page.setDefaultTimeout(10_000);
      page.on('pageerror', (err) => pageErrors.push(err.message));
      await signInWithForm(page, server.url, ada);
    });

    afterAll(async () => {
      await context?.close();
      await server?.stop();
      await fresh?.drop();
    });

    it('shows the open view by urgency with no Load button when everything fits', async () => {
      await expect.poll(() => rowNumbers(page)).toEqual([61, 62]); // SEV-1 first, though older
      await expect.poll(() => page.getByTestId('open-count').textContent()).toBe('2 open');
      await expect.poll(() => page.getByRole('button', { name: 'Load older incidents' }).count()).toBe(0);
    });

    it('pages the resolved view 50 at a time, newest first, until the oldest', async () => {
      await page.getByRole('radiogroup', { name: 'Status' }).getByText('Resolved', { exact: true }).click();
      await page.waitForURL(/view=resolved/);
      await expect.poll(() => rowNumbers(page)).toEqual(range(60, 11));
      const load = page.getByRole('button', { name: 'Load older incidents' });
      await page.getByText('Showing the 50 most recent').waitFor();
      await load.scrollIntoViewIfNeeded();
      await page.mouse.move(0, 0);
      await page.screenshot({ path: shot('e2e-list-paging') });
      await load.click();
      await expect.poll(() => rowNumbers(page)).toEqual(range(60, 1));
      await page.getByTestId('incident-row').filter({ hasText: 'History incident 1' }).last().waitFor();
      expect(await load.count()).toBe(0);
    });

    it('pages a filtered view the same way: detected this week, real incidents only', async () => {
      await page.goto(`${server.url}/incidents?view=resolved&detected=7d&drill=real`);
      await expect.poll(() => rowNumbers(page)).toEqual(range(60, 11));
      await page.getByRole('button', { name: 'Load older incidents' }).click();
      await expect.poll(() => rowNumbers(page)).toEqual(range(60, 1));
      await expect.poll(() => page.getByRole('button', { name: 'Load older incidents' }).count()).toBe(0);
      await page.goto(`${server.url}/incidents?view=resolved&drill=drills`);
      await page.getByTestId('empty-list').waitFor();
      // Back to the plain resolved view, every page loaded, for the tests below.
      await page.goto(`${server.url}/incidents?view=resolved`);
      await expect.poll(() => rowNumbers(page)).toEqual(range(60, 11));
      await page.getByRole('button', { name: 'Load older incidents' }).click();
      await expect.poll(() => rowNumbers(page)).toEqual(range(60, 1));
    });

    it('keeps every loaded page live: a change to the oldest incident shows without a reload', async () => {
      await callApi('PATCH', '/incidents/1', { title: 'The very first incident, renamed' });
      await page.getByTestId('incident-row').filter({ hasText: 'The very first incident, renamed' }).waitFor();
      await callApi('POST', '/incidents/61/resolve', {});
      await expect.poll(() => rowNumbers(page)).toEqual([61, ...range(60, 1)]);
    });

    it('pages the All view newest first, open and resolved together', async () => {
      await page.getByRole('radiogroup', { name: 'Status' }).getByText('All', { exact: true }).click();
      await page.waitForURL(/view=all/);
      await expect.poll(() => rowNumbers(page)).toEqual(range(62, 13));
      await page.getByRole('button', { name: 'Load older incidents' }).click();
      await expect.poll(() => rowNumbers(page)).toEqual(range(62, 1));
    });

    it('shows dated times with the exact instant on hover in the timeline and details', async () => {
      // A row opens the incident in the app, without reloading the page (the marker survives).
      await page.evaluate(() => ((window as unknown as { stayed?: boolean }).stayed = true));
      await page.getByTestId('incident-row').filter({ hasText: 'The very first incident, renamed' }).click();
      await page.getByTestId('timeline-event').first().waitFor();
      expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
      const times = page.getByTestId('timeline').locator('time');
      const titles = await times.evaluateAll((els) => els.map((e) => [e.getAttribute('title'), e.getAttribute('datetime')]));
      expect(titles.length).toBeGreaterThan(0);
      for (const [title, datetime] of titles) {
        expect(title).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
        expect(title).toBe(datetime);
      }
      // The date too (not the clock alone), to the second, with the zone named; 12/24-hour per locale.
      expect(await times.first().textContent()).toMatch(/^[A-Za-z]{3} \d{1,2}, \d{1,2}:\d\d:\d\d( [AP]M)? (UTC|GMT[+-]?[\d:]*|[A-Z]{2,5})$/);
      expect(await page.getByTestId('incident-facts').locator('time[title]').count()).toBeGreaterThanOrEqual(2);
      expect(pageErrors).toEqual([]);
    });
  });
}
