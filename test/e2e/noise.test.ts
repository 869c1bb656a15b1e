import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../support/db.js';
import { createToken, createUser } from '../support/factories.js';
import { browserDialects, misfits, shotPath, signedInPage, startTocsin, type ServerProcess, useChromium } from './server.js';

// A user opens the noise page from the header: the chart, the alert class nobody acts on as a
// candidate for removal, the table, and (an admin) the suppression rule with what it suppressed.

const chromium = useChromium();

for (const dialect of browserDialects()) {
  describe(`noise report in Chromium [${dialect}]`, () => {
    let fresh: FreshDatabase;
    let server: ServerProcess;
    let context: BrowserContext;
    let page: Page;
    const pageErrors: string[] = [];

    beforeAll(async () => {
      fresh = await freshDatabase(dialect);
      server = await startTocsin(fresh.url);
      const ada = await createUser(fresh.db, { role: 'admin', name: 'Ada Lovelace', email: 'ada@example.test' });
      const token = await createToken(fresh.db, ada.id);
      const post = async (path: string, body: unknown, auth = true) => {
        const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { ...(auth ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' }, body: JSON.stringify(body) });
        expect(res.status, path).toBeLessThan(300);
        return res.json() as Promise<{ id: string; key: string }>;
      };
      const service = await post('/api/v1/services', { name: 'search' });
      const key = await post(`/api/v1/services/${service.id}/integration-keys`, { name: 'grafana', type: 'pagerduty' });
      await post('/api/v1/suppression-rules', { name: 'staging never pages', match: { 'custom_details.env': 'staging' }, action: 'drop' });
      const event = (event_action: string, dedup_key: string, env = 'prod') => ({ routing_key: key.key, event_action, dedup_key, payload: { summary: 'GC pause', source: 'search-1', severity: 'warning', class: 'gc-pause', custom_details: { env } } });
      for (const d of ['a', 'b', 'c', 'd']) {
        await post('/v2/enqueue', event('trigger', d), false);
        await post('/v2/enqueue', event('resolve', d), false);
      }
      await post('/v2/enqueue', event('trigger', 'e', 'staging'), false);
      ({ context, page } = await signedInPage(chromium.browser, server.url, ada, pageErrors));
    });

    afterAll(async () => {
      await context?.close();
      await server?.stop();
      await fresh?.drop();
    });

    it('shows what fired, what nobody acted on, and what the rules suppressed', async () => {
      await page.goto(`${server.url}/incidents`);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Noise' }).click();
      await page.getByRole('heading', { name: 'Alert noise', level: 1 }).waitFor();
      await page.getByText('4 alerts fired, 0 acted on, 4 ignored').waitFor();
      expect(await page.getByTestId('noise-chart').getAttribute('aria-label')).toContain('search: grafana (pagerduty): 0 acted on, 4 ignored');
      expect(await page.getByRole('list', { name: 'Candidates for removal' }).innerText()).toContain('gc-pause from search: grafana (pagerduty): fired 4 times, never acted on; 4 resolved by themselves');
      const row = page.getByRole('table', { name: 'Alerts per source and class' }).getByRole('row').filter({ hasText: 'gc-pause' });
      // The table and the rules are read apart from the headline: waited for, not read at once.
      await expect.poll(async () => (await row.getByRole('cell').allInnerTexts()).slice(1, 7)).toEqual(['gc-pause', '4', '0', '0', '4', '4']);
      const rule = page.getByRole('table', { name: /Suppression rules/ }).getByRole('row').filter({ hasText: 'staging never pages' });
      await expect.poll(async () => (await rule.getByRole('cell').allInnerTexts()).slice(0, 4)).toEqual(['staging never pages', 'custom_details.env = staging', 'Drop', '1']);

      // An admin quiets the noisy class from here, then deletes the rule.
      await page.getByRole('button', { name: 'New rule' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('textbox', { name: 'Name' }).fill('gc pauses are known');
      await dialog.getByRole('textbox', { name: 'Fields' }).fill('class=gc-pause');
      await dialog.getByRole('button', { name: 'Make rule' }).click();
      const made = page.getByRole('table', { name: /Suppression rules/ }).getByRole('row').filter({ hasText: 'gc pauses are known' });
      await made.waitFor();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      expect((await made.getByRole('cell').allInnerTexts()).slice(0, 4)).toEqual(['gc pauses are known', 'class = gc-pause', 'Quiet (no page)', '0']);
      await page.screenshot({ path: shotPath('e2e-noise', dialect), fullPage: true });
      await made.getByRole('button', { name: 'Delete rule gc pauses are known' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
      await made.waitFor({ state: 'detached' });
      expect(pageErrors).toEqual([]);
    });

    it('reads on a phone: the chart keeps its words readable and each class is a card', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      try {
        await page.goto(`${server.url}/reports/noise`);
        const card = page.getByTestId('noise-card').filter({ hasText: 'gc-pause' });
        await card.waitFor();
        expect(await card.innerText()).toMatch(/gc-pause · search: grafana \(pagerduty\)\s+Fired 4, acknowledged 0, acted on 0, resolved by themselves 4\s+4 events · median open/);
        expect(await page.getByRole('table', { name: 'Alerts per source and class' }).isVisible()).toBe(false);
        expect(await page.getByTestId('rule-card').filter({ hasText: 'staging never pages' }).innerText()).toMatch(/custom_details\.env = staging\s+Drop · 1 event suppressed/);
        // The chart's source label is the page's small text, not an SVG scaled to a few pixels.
        const label = page.getByTestId('noise-chart').getByText('search: grafana (pagerduty)');
        expect(Number.parseFloat(await label.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(12);
        expect(await misfits(page)).toEqual([]);
        await page.screenshot({ path: shotPath('e2e-noise-phone', dialect), fullPage: true });
      } finally {
        await page.setViewportSize({ width: 1280, height: 900 });
      }
    });

    it('says there are no rules yet, and what one would do, once the last is deleted', async () => {
      const rule = page.getByRole('table', { name: /Suppression rules/ }).getByRole('row').filter({ hasText: 'staging never pages' });
      await rule.getByRole('button', { name: 'Delete rule staging never pages' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
      await rule.waitFor({ state: 'detached' });
      expect(await page.getByTestId('no-rules').innerText()).toMatch(/^No rules yet\. A rule drops the events that match it, or keeps them without paging/);
      expect(pageErrors).toEqual([]);
    });
  });
}
