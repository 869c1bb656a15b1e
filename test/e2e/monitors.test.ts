import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../support/db.js';
import { freePort } from '../support/net.js';
import { createToken, createUser, type TestUser } from '../support/factories.js';
import { createService } from '../integration/incidents-helpers.js';
import { browserDialects, misfits, shotPath, signInWithForm, startTocsin, type ServerProcess, useChromium } from './server.js';

// Monitors as a responder meets them: paste a URL, press Enter, watch it come up; pause and
// resume it; plan maintenance; a heartbeat's ping URL; a viewer who can only look; the phone.

const chromium = useChromium();

/** A tiny service to watch: 200 "ok" on /health. */
async function startTarget(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'text/plain' });
    res.end(req.url === '/health' ? 'ok' : 'no');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/health`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The machine is shared: what the app does at once may take seconds under load. */
const SOON = { timeout: 15_000, interval: 250 };

const state = (page: Page) => page.getByTestId('monitor-heading').locator('xpath=..').getByTestId('monitor-state');

for (const dialect of browserDialects()) {
  describe(`monitors in Chromium [${dialect}]`, () => {
    let fresh: FreshDatabase;
    let server: ServerProcess;
    let target: { url: string; close: () => Promise<void> };
    let context: BrowserContext;
    let page: Page;
    let rita: TestUser;
    let vera: TestUser;
    let firstUrl = '';
    let fastUrl = '';
    const pageErrors: string[] = [];
    const shot = (name: string) => shotPath(name, dialect);

    beforeAll(async () => {
      target = await startTarget();
      fresh = await freshDatabase(dialect);
      server = await startTocsin(fresh.url);
      rita = await createUser(fresh.db, { role: 'responder', name: 'Rita Responder', email: 'rita@example.test' });
      vera = await createUser(fresh.db, { role: 'viewer', name: 'Vera Viewer', email: 'vera@example.test' });
      // Something already broken, so the list has what is down to put first: a port nobody listens on.
      const token = await createToken(fresh.db, rita.id);
      const res = await fetch(`${server.url}/api/v1/monitors`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'tcp', name: 'Ledger DB', target: { host: '127.0.0.1', port: await freePort() }, interval_s: 10, confirmation: { failures_to_down: 1 } }),
      });
      expect(res.status).toBe(201);
      context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
      page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (err) => pageErrors.push(err.message));
      await signInWithForm(page, server.url, rita);
    });

    afterAll(async () => {
      await context?.close();
      await server?.stop();
      await fresh?.drop();
      await target?.close();
    });

    it('adds an HTTP monitor from a pasted URL and Enter, in well under 30 seconds, and shows it Up at once', async () => {
      const started = Date.now();
      await page.goto(`${server.url}/monitors/new`);
      // The URL field has the focus: paste and press Enter, nothing else.
      await page.getByRole('textbox', { name: 'URL' }).waitFor();
      await page.keyboard.insertText(target.url);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/monitors\/(?!new)[^/]+$/);
      await page.getByTestId('monitor-heading').waitFor();
      const elapsed = Date.now() - started;
      console.log(`[${dialect}] page open → monitor's page: ${elapsed} ms`);
      expect(elapsed).toBeLessThan(30_000);
      firstUrl = page.url();
      expect(await page.getByTestId('monitor-heading').textContent()).toBe(new URL(target.url).host + '/health');
      // Default interval 1 min, yet checked at once: Up without waiting up to a minute for its slot.
      await expect.poll(() => state(page).textContent(), SOON).toBe('Up');
    });

    it('says a new monitor whose first check failed is being confirmed, not a bare "Unknown"', async () => {
      await page.goto(`${server.url}/monitors/new`);
      await page.getByRole('textbox', { name: 'URL' }).waitFor();
      await page.keyboard.insertText(`http://127.0.0.1:${await freePort()}/nobody-listens`);
      await page.keyboard.press('Enter');
      await page.getByTestId('monitor-heading').waitFor();
      const id = new URL(page.url()).pathname.split('/').at(-1)!;
      try {
        // Checked at once; two failures in a row make it down, the second a re-check 10 s later.
        await expect.poll(() => state(page).textContent(), SOON).toBe('Unknown — the last check failed, confirming');
        await page.getByTestId('location-row').first().getByText('Failing, confirming').waitFor();
        // Down without waiting up to a minute for its slot.
        await expect.poll(() => state(page).textContent(), { timeout: 25_000, interval: 250 }).toBe('Down');
      } finally {
        // The list's test below counts three monitors.
        const token = await createToken(fresh.db, rita.id);
        const res = await fetch(`${server.url}/api/v1/monitors/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(204);
      }
    });

    it('says beside the URL field, in words, what is wrong with it', async () => {
      await page.goto(`${server.url}/monitors/new`);
      await page.getByRole('textbox', { name: 'URL' }).fill('ftp://files.example.test/');
      await page.getByRole('button', { name: 'Add monitor' }).click();
      await page.locator('.mantine-InputWrapper-error', { hasText: 'must start with http:// or https://' }).waitFor();
      expect(page.url()).toMatch(/\/monitors\/new$/);
    });

    it('checks every 10 seconds when set under More options, and shows Up within a couple of intervals', async () => {
      await page.getByRole('textbox', { name: 'URL' }).fill(target.url);
      await page.getByRole('button', { name: 'More options' }).click();
      await page.getByRole('textbox', { name: 'Name' }).fill('Checkout API');
      await page.getByRole('combobox', { name: 'Check every' }).click();
      await page.getByRole('option', { name: '10 s', exact: true }).click();
      await page.getByRole('button', { name: 'Add monitor' }).click();
      await page.getByTestId('monitor-heading').filter({ hasText: 'Checkout API' }).waitFor();
      fastUrl = page.url();
      expect(await page.getByText('every 10 s').count()).toBe(1);
      await expect.poll(() => state(page).getAttribute('data-state'), { timeout: 35_000, interval: 500 }).toBe('up');
      await page.getByTestId('location-row').first().getByText('Up', { exact: true }).waitFor();
    });

    it('edits a monitor in place', async () => {
      await page.getByRole('button', { name: 'Edit monitor' }).click();
      const dialog = page.getByRole('dialog', { name: 'Edit Checkout API' });
      await dialog.getByRole('textbox', { name: 'Name' }).fill('Checkout API (health)');
      await dialog.getByRole('button', { name: 'Save monitor' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByTestId('monitor-heading').filter({ hasText: 'Checkout API (health)' }).waitFor();
      expect(await page.getByText('every 10 s').count()).toBe(1);
    });

    it('pauses and resumes a monitor', async () => {
      await page.getByRole('button', { name: 'Pause' }).click();
      await expect.poll(() => state(page).getAttribute('data-state'), SOON).toBe('paused');
      await page.getByRole('button', { name: 'Resume' }).click();
      await expect.poll(() => state(page).getAttribute('data-state'), SOON).not.toBe('paused');
      await page.getByRole('button', { name: 'Pause' }).waitFor();
    });

    it('plans a weekly maintenance window in a chosen time zone, and cancels it', async () => {
      await page.getByRole('button', { name: 'Add window' }).click();
      const dialog = page.getByRole('dialog', { name: 'New maintenance window' });
      await dialog.getByRole('textbox', { name: 'Title' }).fill('Database upgrade');
      await dialog.getByRole('radiogroup', { name: 'Repeats' }).getByText('Weekly').click();
      await dialog.getByText('Sat', { exact: true }).click();
      const zone = dialog.getByRole('combobox', { name: 'Time zone' });
      await zone.click();
      await zone.fill('Helsinki');
      await page.getByRole('option', { name: 'Europe/Helsinki', exact: true }).click();
      await dialog.getByRole('button', { name: 'Add window' }).click();
      await dialog.waitFor({ state: 'hidden' });
      const row = page.getByTestId('maintenance-window').filter({ hasText: 'Database upgrade' });
      await row.getByText('Weekly on Sat, Sun at 02:00 Europe/Helsinki for 1 h').waitFor();
      await page.mouse.move(0, 0);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: shot('e2e-monitor'), fullPage: true });
      await row.getByRole('button', { name: 'Delete maintenance window Database upgrade' }).click();
      await row.waitFor({ state: 'detached' });
    });

    it('lists what is down first, with counts, states in words and a 90-day bar', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Monitors' }).click();
      const rows = page.getByTestId('monitor-row');
      await expect.poll(() => rows.count(), SOON).toBe(3);
      await expect.poll(() => rows.first().getAttribute('data-state'), { timeout: 30_000, interval: 500 }).toBe('down');
      expect(await rows.first().getByRole('link').textContent()).toBe('Ledger DB');
      await rows.first().getByText('Down', { exact: true }).waitFor();
      await page.getByTestId('monitor-counts').getByText('1 down').waitFor();
      const bar = rows.first().getByRole('img');
      expect(await bar.getAttribute('aria-label')).toMatch(/^Ledger DB, 90-day uptime: .*(days? with (data|downtime)|no downtime)/);
      await page.getByRole('textbox', { name: 'Search monitors' }).pressSequentially('checkout', { delay: 30 });
      await expect.poll(() => rows.count(), SOON).toBe(1);
      expect(await page.getByRole('textbox', { name: 'Search monitors' }).inputValue()).toBe('checkout');
      await page.getByRole('textbox', { name: 'Search monitors' }).fill('');
      await expect.poll(() => rows.count(), SOON).toBe(3);
      await page.mouse.move(0, 0);
      await page.screenshot({ path: shot('e2e-monitors'), fullPage: true });
    });

    it("shows a heartbeat's ping URL, in full, with curl examples", async () => {
      await page.getByRole('link', { name: 'Add monitor' }).click();
      await page.getByRole('radiogroup', { name: 'Type' }).getByText('Heartbeat').click();
      await page.getByRole('button', { name: 'Add monitor' }).click();
      await page.getByRole('heading', { name: 'Ping URL' }).waitFor();
      const code = await page.locator('pre').allTextContents();
      expect(code[0]).toMatch(new RegExp(`^${server.url}/ping/[0-9a-f-]+$`));
      expect(code.join('\n')).toContain(`curl -fsS -m 10 --retry 5 ${code[0]}/start`);
      expect(code.join('\n')).toContain(`${code[0]}/fail`);
      await page.getByRole('button', { name: 'Copy ping URL' }).waitFor();
      // Without a service there is no Opsgenie key to ping it with.
      expect(await page.getByRole('button', { name: 'Copy the Opsgenie-style command' }).count()).toBe(0);
    });

    it('gives a heartbeat on a service the Opsgenie path its jobs already ping', async () => {
      const service = await createService(fresh.db, 'Backups');
      const token = await createToken(fresh.db, rita.id);
      const made = await fetch(`${server.url}/api/v1/monitors`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'heartbeat', name: 'nightly backup', service_id: service.id, target: { period_s: 86_400, grace_s: 3_600 } }),
      });
      expect(made.status).toBe(201);
      await page.goto(`${server.url}/monitors/${((await made.json()) as { id: string }).id}`);
      await page.getByRole('button', { name: 'Copy the Opsgenie-style command' }).waitFor();
      expect(await page.locator('pre').allTextContents()).toContain(`curl -fsS -m 10 -H 'Authorization: GenieKey <key>' ${server.url}/v2/heartbeats/nightly%20backup/ping`);
      // The service's page lists what watches it, and no other service's monitors.
      await page.goto(`${server.url}/services/${service.id}`);
      const watching = page.getByRole('list', { name: 'Monitors of this service' });
      await watching.getByRole('listitem').first().waitFor();
      expect(await watching.getByRole('listitem').allInnerTexts()).toEqual([expect.stringContaining('nightly backup')]);
      await watching.getByRole('link', { name: 'nightly backup' }).click();
      await page.waitForURL(/\/monitors\/mon_/);
    });

    it('works at phone width in dark mode: nothing overflows, rows stack, the chart fits', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByTestId('color-scheme-toggle').click();
      await page.goto(fastUrl);
      await page.getByTestId('monitor-heading').waitFor();
      await page.getByTestId('response-time-chart').waitFor({ timeout: 20_000 });
      expect(await misfits(page)).toEqual([]);
      const chart = await page.getByTestId('response-time-chart').boundingBox();
      expect(chart!.width).toBeLessThanOrEqual(390);
      await page.mouse.move(389, 843);
      await page.screenshot({ path: shot('e2e-monitor-phone'), fullPage: true });
      await page.goto(`${server.url}/monitors`);
      await page.getByTestId('monitor-row').first().waitFor();
      expect(await misfits(page)).toEqual([]);
      await page.screenshot({ path: shot('e2e-monitors-phone'), fullPage: true });
      await page.goto(`${server.url}/monitors/new`);
      await page.getByRole('button', { name: 'More options' }).click();
      expect(await misfits(page)).toEqual([]);
      await page.screenshot({ path: shot('e2e-monitor-new-phone'), fullPage: true });
      expect(pageErrors).toEqual([]);
    });

    it('shows a viewer the monitors without add, edit or delete', async () => {
      const viewer = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
      const vp = await viewer.newPage();
      vp.setDefaultTimeout(15_000);
      await signInWithForm(vp, server.url, vera);
      await vp.goto(`${server.url}/monitors`);
      await vp.getByTestId('monitor-row').first().waitFor();
      expect(await vp.getByRole('link', { name: 'Add monitor' }).count()).toBe(0);
      await vp.goto(firstUrl);
      await vp.getByTestId('monitor-heading').waitFor();
      await vp.getByRole('heading', { name: 'Maintenance windows' }).waitFor();
      for (const name of ['Pause', 'Resume', 'Edit monitor', 'Delete monitor', 'Add window']) expect(await vp.getByRole('button', { name }).count(), name).toBe(0);
      await viewer.close();
    });
  });
}
