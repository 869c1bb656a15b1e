import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../support/db.js';
import { createUser, type TestUser } from '../support/factories.js';
import { misfits, shotPath, signInWithForm, startTocsin, type ServerProcess, useChromium } from './server.js';

// On call as an admin meets it: a weekly rotation from the template, who is on call now, an
// override that shows in the result row; and the same page at phone width.

const chromium = useChromium();
const SOON = { timeout: 15_000, interval: 250 };
const dialect = DIALECTS[0]!;

/** The local date `days` ago, as the browser (same TZ as this process) reads it. */
const daysAgo = (days: number): string => {
  const d = new Date(Date.now() - days * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

async function pick(page: Page, combobox: string, option: string): Promise<void> {
  const box = page.getByRole('combobox', { name: combobox });
  await box.click();
  await box.fill(option.split(' ')[0]!);
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe(`schedules in Chromium [${dialect}]`, () => {
  let fresh: FreshDatabase;
  let server: ServerProcess;
  let context: BrowserContext;
  let page: Page;
  let ada: TestUser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
    server = await startTocsin(fresh.url);
    ada = await createUser(fresh.db, { role: 'admin', name: 'Ada Lovelace', email: 'ada@example.test' });
    await createUser(fresh.db, { role: 'responder', name: 'Rita Responder', email: 'rita@example.test' });
    context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await signInWithForm(page, server.url, ada);
  });

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    await fresh?.drop();
  });

  it('creates a weekly rotation, shows who is on call, and puts an override in the result', async () => {
    await page.goto(`${server.url}/schedules/new`);
    await page.getByRole('textbox', { name: 'Name' }).fill('Platform');
    await pick(page, 'Members, in turn order', 'Ada Lovelace');
    await pick(page, 'Members, in turn order', 'Rita Responder');
    // Started three days ago: Ada's first week is under way.
    await page.getByLabel('First hand-off').fill(daysAgo(3));
    await page.getByRole('button', { name: 'Create schedule' }).click();
    await page.waitForURL(/\/schedules\/sch_[a-z0-9]+$/);
    await expect.poll(() => page.getByTestId('on-call-now').textContent(), SOON).toContain('Ada Lovelace');
    const final = page.locator('[data-track="final"]');
    await final.getByText('Ada Lovelace').first().waitFor();

    // Dragging across the result row picks the override's range (the form shows it).
    const from = page.getByLabel(/^From \(/).first();
    const before = await from.inputValue();
    const box = (await final.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => from.inputValue(), SOON).not.toBe(before);
    await pick(page, 'Who covers', 'Rita Responder');
    await page.getByRole('button', { name: 'Add override' }).click();
    await page.locator('[data-track="overrides"]').getByText('Rita Responder').first().waitFor();
    // In the result row as an override (Rita's own turn in the rotation comes later in the week).
    await final.locator('[data-override]').getByText('Rita Responder').waitFor();
    await page.screenshot({ path: shotPath('schedule', dialect), fullPage: true });

    // A holiday calendar from an iCalendar file, and pay rates: the pay report then shows pay.
    const day = daysAgo(1).replaceAll('-', '');
    const ics = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:h1\r\nDTSTART;VALUE=DATE:${day}\r\nSUMMARY:Founders Day\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;
    await page.locator('input[type="file"]').setInputFiles({ name: 'holidays.ics', mimeType: 'text/calendar', buffer: Buffer.from(ics) });
    await expect.poll(() => page.getByTestId('holidays').textContent(), SOON).toContain('1 holiday: ');
    await page.getByLabel('Holiday, per hour').fill('3');
    await page.getByRole('button', { name: 'Save pay rates' }).click();
    await page.getByRole('button', { name: 'Remove pay rates' }).waitFor();

    await page.goto(`${server.url}/schedules`);
    await page.getByRole('link', { name: 'Platform' }).waitFor();
    await page.getByRole('table', { name: 'On-call hours and pay per person' }).getByText(/ EUR$/).first().waitFor();
    expect(await page.getByTestId('on-call-now').first().textContent()).toMatch(/Ada Lovelace|Rita Responder/);
    // A personal calendar link that a calendar client can read.
    await page.getByRole('button', { name: 'My calendar link' }).click();
    const link = page.getByRole('textbox', { name: /Subscribe in your calendar/ });
    await expect.poll(() => link.inputValue(), SOON).toMatch(/\/calendar\/users\/[\w-]+\.ics$/);
    const feed = await fetch(`${server.url}${new URL(await link.inputValue()).pathname}`);
    expect(await feed.text()).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*SUMMARY:On call: Platform\r\n/);
    expect(pageErrors).toEqual([]);
  });

  it('fits a phone', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${server.url}/schedules`);
    await page.getByRole('table', { name: 'On-call hours and pay per person' }).getByText('Ada Lovelace').waitFor();
    // The pay report's CSV, downloaded with the page's own session.
    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    const csv = await page.evaluate(async (h) => (await fetch(h!)).text(), href);
    expect(csv).toMatch(/^user_id,user_name,time_zone,hours,[^\n]*\r\n[^\n]*Ada Lovelace/);
    await page.getByRole('heading', { name: 'On-call load and pay' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: shotPath('schedules-fairness-phone', dialect) });
    expect(await misfits(page)).toEqual([]);
    await page.getByRole('link', { name: 'Platform' }).click();
    await page.locator('[data-track="final"]').waitFor();
    expect(await misfits(page)).toEqual([]);
    await page.screenshot({ path: shotPath('schedule-phone', dialect), fullPage: true });
  });
});
