import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../support/db.js';
import { createToken, createUser, type TestUser } from '../support/factories.js';
import { browserDialects, startTocsin, type ServerProcess, useChromium, shotPath } from './server.js';

// The incident page at 3 AM: a SEV-1 worked from the keyboard (a, m, n, r with a confirmation),
// and the phase bar telling how long each step took.

const chromium = useChromium();

async function status(page: Page, label: string): Promise<void> {
  await page.locator('[data-testid="status-badge"]', { hasText: label }).first().waitFor();
}

const timelineKinds = (page: Page) => page.getByTestId('timeline-event').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind') ?? ''));
const phase = (page: Page, kind: string) => page.locator(`[data-testid="phase"][data-phase="${kind}"]`);
const blur = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

for (const dialect of browserDialects()) {
  describe(`incident keyboard and phase bar in Chromium [${dialect}]`, () => {
    let fresh: FreshDatabase;
    let server: ServerProcess;
    let context: BrowserContext;
    let page: Page;
    let ada: TestUser;
    let token: string;
    const pageErrors: string[] = [];
    const shot = (name: string) => shotPath(name, dialect);

    beforeAll(async () => {
      fresh = await freshDatabase(dialect);
      server = await startTocsin(fresh.url);
      ada = await createUser(fresh.db, { role: 'responder', name: 'Ada Lovelace', email: 'ada@example.test' });
      token = await createToken(fresh.db, ada.id);
      const res = await fetch(`${server.url}/api/v1/incidents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          title: 'Checkout returns 502 for every card payment',
          severity: 'SEV-1',
          detection_source: 'monitor',
          started_at: new Date(Date.now() - 4 * 60_000).toISOString(),
        }),
      });
      expect(res.status).toBe(201);
      context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
      page = await context.newPage();
      page.setDefaultTimeout(10_000);
      page.on('pageerror', (err) => pageErrors.push(err.message));
      await page.goto(`${server.url}/sign-in?next=%2Fincidents%2F1`);
      await page.getByRole('textbox', { name: 'Email' }).fill(ada.email);
      await page.getByRole('textbox', { name: 'Password', exact: true }).fill(ada.password);
      await page.getByRole('textbox', { name: 'Password', exact: true }).press('Enter');
      await page.waitForURL(/\/incidents\/1$/);
      await status(page, 'Triggered');
    });

    afterAll(async () => {
      await context?.close();
      await server?.stop();
      await fresh?.drop();
    });

    it('shows the phases so far with the key hints on the buttons', async () => {
      expect(await phase(page, 'undetected').textContent()).toMatch(/^detected after 4 m( \d+ s)?$/);
      expect(await phase(page, 'triggered').getAttribute('data-running')).toBe('true');
      expect(await page.getByRole('button', { name: 'Acknowledge' }).getAttribute('aria-keyshortcuts')).toBe('a');
      expect(await page.getByRole('button', { name: 'Acknowledge' }).textContent()).toBe('Acknowledgea');
      expect(await page.getByTestId('phase-summary').getAttribute('aria-label')).toMatch(/^Detected after 4 m.*, not acknowledged for .*since impact began, and counting\.$/);
    });

    it('shows the shortcuts on ? and ignores keys while a dialog is open', async () => {
      await page.keyboard.press('?');
      const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await help.waitFor();
      await page.keyboard.press('a');
      await page.keyboard.press('Escape');
      await help.waitFor({ state: 'hidden' });
      await status(page, 'Triggered');
    });

    it('acknowledges with a, mitigates with m, and the phase bar shows the acknowledged duration', async () => {
      await page.keyboard.press('a');
      await status(page, 'Acknowledged');
      await expect.poll(() => phase(page, 'triggered').textContent()).toMatch(/^acknowledged in \d+ s$/);
      await page.keyboard.press('m');
      await status(page, 'Mitigated');
      await expect.poll(() => phase(page, 'mitigated').getAttribute('data-running')).toBe('true');
      expect(await phase(page, 'acknowledged').textContent()).toMatch(/^mitigated after \d+ s$/);
      await page.mouse.move(0, 0);
      await page.screenshot({ path: shot('e2e-incident-phases-open') });
    });

    it('opens severity and details with s and e, and focuses the note with n without typing the n', async () => {
      await page.keyboard.press('s');
      const severity = page.getByRole('dialog', { name: 'Change severity of #1' });
      await severity.waitFor();
      await page.keyboard.press('Escape');
      await severity.waitFor({ state: 'hidden' });
      await page.keyboard.press('e');
      await page.getByRole('dialog', { name: 'Edit #1' }).waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      await page.keyboard.press('n');
      const note = page.getByRole('textbox', { name: 'Add a note' });
      await expect.poll(() => note.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await note.inputValue()).toBe('');
      await page.keyboard.type('rolled back; r and a typed here do nothing');
      await page.keyboard.press('Enter');
      await page.getByTestId('timeline-sentence').filter({ hasText: 'r and a typed here do nothing' }).waitFor();
      await status(page, 'Mitigated');
    });

    it('asks before r resolves: Escape keeps it open, the confirmation resolves it', async () => {
      await blur(page);
      await page.keyboard.press('r');
      const confirm = page.getByRole('dialog', { name: 'Resolve #1?' });
      await confirm.waitFor();
      await page.keyboard.press('Escape');
      await confirm.waitFor({ state: 'hidden' });
      await status(page, 'Mitigated');
      await page.keyboard.press('r');
      await confirm.getByRole('button', { name: 'Resolve' }).click();
      await status(page, 'Resolved');
      await confirm.waitFor({ state: 'hidden' });
      await expect.poll(() => timelineKinds(page)).toEqual(['declared', 'acknowledged', 'mitigated', 'note', 'resolved']); // the timeline refetches after the status
      expect(await page.locator('[data-testid="phase"][data-running]').count()).toBe(0);
      expect(await phase(page, 'mitigated').textContent()).toMatch(/^resolved after \d+ s$/);
      await page.keyboard.press('a'); // nothing left to acknowledge
      await page.keyboard.press('r');
      expect(await page.getByRole('dialog').count()).toBe(0);
      await page.mouse.move(0, 0);
      await page.screenshot({ path: shot('e2e-incident-phases'), fullPage: true });
    });

    it('asks before closing, since a closed incident can no longer change', async () => {
      await page.getByRole('button', { name: 'Close', exact: true }).click();
      const confirm = page.getByRole('dialog', { name: 'Close #1?' });
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await confirm.waitFor({ state: 'hidden' });
      await status(page, 'Resolved');
      await page.getByRole('button', { name: 'Close', exact: true }).click();
      await confirm.getByRole('button', { name: 'Close incident' }).click();
      await status(page, 'Closed');
      expect(await page.getByTestId('lifecycle-actions').count()).toBe(0);
      // What allowed_actions still lists for a closed incident: notes and edits, no severity or roles.
      expect(await page.getByRole('button', { name: 'Change severity' }).count()).toBe(0);
      expect(await page.getByRole('combobox', { name: 'Commander' }).isDisabled()).toBe(true);
      await page.getByRole('textbox', { name: 'Add a note' }).waitFor();
    });

    it('fits the phase bar at 375 px', async () => {
      await page.setViewportSize({ width: 375, height: 812 });
      await page.getByTestId('phase-bar').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: shot('e2e-incident-phases-phone'), fullPage: true });
      expect(pageErrors).toEqual([]);
    });

    it('moves between incidents on the list with j and k, and opens one with Enter', async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
      // Two open incidents (the first is closed); a retry of this test finds them made.
      const openNow = (await (await fetch(`${server.url}/api/v1/incidents?status=triggered`, { headers: { authorization: `Bearer ${token}` } })).json()).items.length;
      for (const title of openNow ? [] : ['Search results are empty', 'Login emails arrive late']) {
        const res = await fetch(`${server.url}/api/v1/incidents`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ title, severity: 'SEV-3' }),
        });
        expect(res.status).toBe(201);
      }
      await page.goto(`${server.url}/incidents`);
      const rows = page.getByTestId('incident-row');
      await expect.poll(() => rows.count()).toBe(2);
      const numbers = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-incident-number')));
      const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-incident-number') ?? null);
      // Each move is awaited before the next key, as a person sees the focus move before pressing again.
      const press = async (key: string, expected: string | null | undefined) => {
        await page.keyboard.press(key);
        await expect.poll(focused).toBe(expected);
      };
      await press('j', numbers[0]);
      await press('j', numbers[1]);
      await press('j', numbers[1]); // the last row stays
      await press('k', numbers[0]);
      // Typed into the search box, j and k are letters, not moves: the search runs and finds nothing.
      await page.keyboard.press('/');
      await page.keyboard.type('jk');
      expect(await focused()).toBeNull();
      await page.waitForURL(/[?&]q=jk(&|$)/);
      await expect.poll(() => rows.count()).toBe(0);
      // Cleared, the list comes back (waited for: a key pressed while it is empty has no row to take).
      await page.getByRole('textbox', { name: 'Search incidents' }).fill('');
      await page.waitForURL((url) => !url.searchParams.has('q'));
      await expect.poll(() => rows.count()).toBe(2);
      await page.locator('body').click({ position: { x: 5, y: 600 } });
      await press('k', numbers[1]); // from nothing focused, k takes the last row
      await page.keyboard.press('Enter');
      await page.waitForURL(new RegExp(`/incidents/${numbers[1]}$`));
      expect(pageErrors).toEqual([]);
    });
  });
}
