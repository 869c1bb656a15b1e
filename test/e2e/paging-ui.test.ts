import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids.js';
import { freshDatabase, type FreshDatabase } from '../support/db.js';
import { createToken, createUser, type TestUser } from '../support/factories.js';
import { browserDialects, shotPath, signInWithForm, startTocsin, type ServerProcess, useChromium } from './server.js';

// The paging screens as a responder at 3 AM meets them: a SEV-1 on a service with a policy pages
// tier 1 (one person's chat webhook takes it, another's refuses it: red, with the error; a third
// person has no contact method: unreachable), "Page someone else" through the modal, "Escalate
// now" fires the next tier, acknowledge
// and see the escalation stop, snooze; My pages at phone width; a viewer sees no controls; the
// service's paging settings and the policy's acknowledgement timeout saved by an admin; axe.

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const chromium = useChromium();

/** A chat (Mattermost-format) webhook receiver: /ok answers 200, /refuse 400; it records the paths. */
async function webhookReceiver(): Promise<{ server: Server; url: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      hits.push(req.url ?? '');
      if (req.url === '/ok') res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      else res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid webhook');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

/** Serious or critical axe violations; toasts of earlier steps are closed first, as catalog.test.ts does for screenshots. */
async function seriousAxeViolations(page: Page): Promise<string[]> {
  for (const close of await page.locator('.mantine-Notification-closeButton').all()) await close.click().catch(() => undefined);
  await expect.poll(() => page.locator('.mantine-Notification-root').count()).toBe(0);
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[]; html: string }[] }[] }> } };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 200)}`).join(', ')}`);
  });
}

for (const dialect of browserDialects()) {
  describe(`paging screens in Chromium [${dialect}]`, () => {
    let fresh: FreshDatabase;
    let server: ServerProcess;
    let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
    let context: BrowserContext;
    let page: Page;
    let ada: TestUser;
    let bob: TestUser;
    let cy: TestUser;
    let vic: TestUser;
    let token: string;
    let policyId: string;
    let serviceId: string;
    let incidentNumber: number;
    const errors: string[] = [];
    const shot = (name: string) => page.screenshot({ path: shotPath(name, dialect), fullPage: true });
    const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${server.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
      return (await res.json()) as T;
    };
    /** A verified Mattermost webhook paged at once for high urgency, inserted as the contacts domain stores it. */
    const chatMethod = async (userId: string, path: string) => {
      const now = Date.now();
      const id = newId('cm');
      await fresh.db.kysely
        .insertInto('contact_methods')
        .values({ id, user_id: userId, channel: 'chat', address: `${hooks.url}${path}`, label: 'Team chat', details: JSON.stringify({ format: 'mattermost' }), verified_at: now, verify_code_hash: null, verify_expires_at: null, verify_attempts: 0, verify_sent: 0, verify_sent_at: null, disabled_at: null, created_at: now, updated_at: now })
        .execute();
      await fresh.db.kysely.insertInto('notification_rules').values({ id: newId('nr'), user_id: userId, contact_method_id: id, urgency: 'high', delay_minutes: 0, created_at: now }).execute();
    };
    let dee: TestUser;
    const newPage = async (browser: Browser, user: TestUser, viewport = { width: 1280, height: 900 }) => {
      const c = await browser.newContext({ viewport, colorScheme: 'light', bypassCSP: true });
      const p = await c.newPage();
      p.setDefaultTimeout(15_000);
      p.on('pageerror', (err) => errors.push(err.message));
      await signInWithForm(p, server.url, user);
      return { c, p };
    };

    beforeAll(async () => {
      hooks = await webhookReceiver();
      fresh = await freshDatabase(dialect);
      server = await startTocsin(fresh.url);
      ada = await createUser(fresh.db, { role: 'admin', name: 'Ada Lovelace', email: 'ada@example.test' });
      bob = await createUser(fresh.db, { role: 'responder', name: 'Bob Okafor', email: 'bob@example.test' });
      cy = await createUser(fresh.db, { role: 'responder', name: 'Cy Tanaka', email: 'cy@example.test' });
      dee = await createUser(fresh.db, { role: 'responder', name: 'Dee Moreno', email: 'dee@example.test' });
      vic = await createUser(fresh.db, { role: 'viewer', name: 'Vic Viewer', email: 'vic@example.test' });
      token = await createToken(fresh.db, ada.id);
      await chatMethod(bob.id, '/ok');
      await chatMethod(cy.id, '/refuse');
      policyId = (
        await api<{ id: string }>('POST', '/escalation-policies', {
          name: 'Checkout on-call',
          tiers: [
            { delay_minutes: 0, targets: [{ kind: 'user', id: bob.id }, { kind: 'user', id: cy.id }] },
            { delay_minutes: 30, targets: [{ kind: 'user', id: ada.id }] },
          ],
        })
      ).id;
      serviceId = (await api<{ id: string }>('POST', '/services', { name: 'Checkout' })).id;
      await api('PUT', `/services/${serviceId}/escalation-policy`, { policy_id: policyId });
      incidentNumber = (await api<{ number: number }>('POST', '/incidents', { title: 'Checkout fails for every card payment', severity: 'SEV-1', service_ids: [serviceId] })).number;
      ({ c: context, p: page } = await newPage(chromium.browser, ada));
    });

    afterAll(async () => {
      await context?.close();
      await server?.stop();
      await fresh?.drop();
      await new Promise((r) => hooks?.server.close(r));
    });

    it('shows the escalation and each page with how its notifications went, a failure loud and red', async () => {
      await page.goto(`${server.url}/incidents/${incidentNumber}`);
      const panel = page.getByTestId('paging-panel');
      await panel.getByTestId('escalation').waitFor();
      expect(await panel.getByTestId('escalation').getAttribute('data-state')).toBe('active');
      await expect.poll(() => panel.getByTestId('escalation').innerText()).toMatch(/Paging\s+Checkout on-call\s+for Checkout · high urgency/i);
      // Deliveries move in the outbox; the panel keeps looking while any is on its way.
      const bobNote = panel.locator('[data-testid="page"][data-user="Bob Okafor"] [data-testid="notification"]');
      const cyNote = panel.locator('[data-testid="page"][data-user="Cy Tanaka"] [data-testid="notification"]');
      await expect.poll(() => bobNote.getAttribute('data-delivery'), { timeout: 30_000 }).toBe('sent');
      await expect.poll(() => cyNote.getAttribute('data-delivery'), { timeout: 30_000 }).toBe('failed');
      expect(await cyNote.innerText()).toMatch(/Chat\s+Failed[\s\S]*HTTP 400/i);
      expect(await panel.getByTestId('paging-failures').innerText()).toMatch(/1 notification failed[\s\S]*Cy Tanaka by Chat/);
      const red = await cyNote.locator('.mantine-Badge-root').evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(red).toMatch(/^rgb\((2[0-9]{2}), ([0-9]{1,2}), ([0-9]{1,2})\)$/);
      expect(hooks.hits).toEqual(expect.arrayContaining(['/ok', '/refuse']));
      expect(await panel.getByTestId('page').first().innerText()).toMatch(/Tier 1/);
      await shot('paging-panel');
      // The red banner and badges keep their contrast in the dark scheme too.
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await seriousAxeViolations(page)).toEqual([]);
      await shot('paging-panel-dark');
      await page.emulateMedia({ colorScheme: 'light' });
    });

    it('the incident list says whom paging cannot reach, and which incident paged nobody', async () => {
      const quiet = (await api<{ id: string }>('POST', '/services', { name: 'Billing (no policy)' })).id;
      const unpaged = (await api<{ number: number }>('POST', '/incidents', { title: 'Invoices stuck in draft', severity: 'SEV-2', service_ids: [quiet] })).number;
      await page.goto(`${server.url}/incidents`);
      const row = (n: number) => page.locator(`[data-testid="incident-row"][data-incident-number="${n}"] [data-testid="incident-paged"]`);
      // Cy's only way to be reached refused the page (the first test): the row says so, in red.
      await expect.poll(() => row(incidentNumber).getAttribute('data-tone')).toBe('unreachable');
      expect(await row(incidentNumber).innerText()).toBe('Cannot reach Cy Tanaka');
      await expect.poll(() => row(unpaged).innerText()).toBe('Nobody paged');
      const red = await row(incidentNumber).evaluate((el) => getComputedStyle(el).color);
      expect(red).toMatch(/^rgb\((1[5-9][0-9]|2[0-9]{2}), ([0-9]{1,2}), ([0-9]{1,2})\)$/);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await shot('paging-incident-list');
      await api('POST', `/incidents/${unpaged}/resolve`, { note: 'drafts released' });
      await page.goto(`${server.url}/incidents/${incidentNumber}`);
      await page.getByTestId('paging-panel').getByTestId('escalation').waitFor();
    });

    it('pages someone else through the modal; a person without contact methods shows unreachable', async () => {
      const panel = page.getByTestId('paging-panel');
      await panel.getByRole('button', { name: 'Page someone else' }).click();
      const modal = page.getByRole('dialog', { name: 'Page someone else' });
      await modal.getByRole('radio', { name: 'Person' }).check({ force: true });
      await modal.getByRole('combobox', { name: 'People' }).click();
      await modal.getByRole('combobox', { name: 'People' }).fill('Dee');
      await page.getByRole('option', { name: 'Dee Moreno' }).click();
      await modal.getByRole('textbox', { name: 'Note' }).fill('Need a payments DBA on this now');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await shot('paging-page-someone');
      await modal.getByRole('button', { name: 'Page now' }).click();
      await modal.waitFor({ state: 'detached' });
      await page.getByText('Cannot be reached (no verified contact method): Dee Moreno').waitFor();
      const dees = panel.locator('[data-testid="page"][data-user="Dee Moreno"]');
      await dees.waitFor();
      expect(await dees.innerText()).toMatch(/Paged by a responder[\s\S]*Need a payments DBA on this now[\s\S]*Unreachable: Dee Moreno has no verified contact method for high urgency\. Call them, or page someone else\./);

      // Escalate now: tier 2 (30 minutes away) fires at once.
      await panel.getByRole('button', { name: 'Escalate now' }).click();
      const adas = panel.locator('[data-testid="page"][data-user="Ada Lovelace"]');
      await adas.waitFor();
      expect(await adas.innerText()).toMatch(/Tier 2/);

      // On the smallest phones the list's line naming them wraps inside its row, not past its edge.
      await page.setViewportSize({ width: 320, height: 700 });
      try {
        await page.goto(`${server.url}/incidents`);
        const row = page.locator(`[data-testid="incident-row"][data-incident-number="${incidentNumber}"]`);
        await expect.poll(() => row.getByTestId('incident-paged').innerText()).toMatch(/^Cannot reach .+, .+/);
        const [line, box] = [await row.getByTestId('incident-paged').boundingBox(), await row.boundingBox()];
        expect(line!.x + line!.width).toBeLessThanOrEqual(box!.x + box!.width);
      } finally {
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.goto(`${server.url}/incidents/${incidentNumber}`);
        await panel.getByTestId('escalation').waitFor();
      }
    });

    it('acknowledging stops the escalation and answers the pages; snooze is offered then', async () => {
      const panel = page.getByTestId('paging-panel');
      await page.getByRole('button', { name: /^Acknowledge/ }).first().click();
      await expect.poll(() => panel.getByTestId('escalation').getAttribute('data-state'), { timeout: 15_000 }).toBe('acknowledged');
      await expect.poll(() => panel.getByTestId('page-open').count()).toBe(0);
      expect(await panel.getByTestId('page-answered').count()).toBe(4);
      expect((await page.getByTestId('acknowledged-by').innerText()).trim()).toBe('by Ada Lovelace');
      await panel.getByRole('button', { name: 'Snooze' }).click();
      await page.getByRole('menuitem', { name: '15 minutes' }).click();
      await page.getByText('Snoozed 15 minutes').waitFor();
      const timeline = await api<{ items: { kind: string }[] }>('GET', `/incidents/${incidentNumber}/timeline`);
      expect(timeline.items.map((e) => e.kind)).toContain('escalation_snoozed');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await shot('paging-acknowledged');
    });

    it('lists my pages newest first at phone width, each linking to its incident', async () => {
      const { c, p } = await newPage(chromium.browser, bob, { width: 390, height: 844 });
      try {
        await p.goto(`${server.url}/pages`);
        const mine = p.getByTestId('my-pages');
        await mine.getByTestId('page').first().waitFor();
        expect(await mine.getByTestId('page').count()).toBe(1);
        // The incident's title arrives with its own request, after the page's row.
        await expect.poll(() => mine.getByTestId('page').innerText()).toMatch(new RegExp(`#${incidentNumber} SEV-1 Checkout fails for every card payment`));
        const text = await mine.getByTestId('page').innerText();
        expect(text).toMatch(/Chat\s+Sent/i);
        expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        expect(await seriousAxeViolations(p)).toEqual([]);
        await p.screenshot({ path: shotPath('paging-my-pages-phone', dialect), fullPage: true });
        await mine.getByRole('link', { name: /Checkout fails/ }).click();
        await p.waitForURL(`**/incidents/${incidentNumber}`);
        await p.getByTestId('paging-panel').getByTestId('page').first().waitFor();
        expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        await p.screenshot({ path: shotPath('paging-panel-phone', dialect), fullPage: true });
      } finally {
        await c.close();
      }
    });

    it('tells the person paged, on their own pages, that the page reached nobody, and where to fix it', async () => {
      const { c, p } = await newPage(chromium.browser, dee);
      try {
        await p.goto(`${server.url}/pages`);
        const unreachable = p.getByTestId('my-pages').getByTestId('page-unreachable').first();
        await unreachable.waitFor();
        expect(await unreachable.innerText()).toBe('Unreachable: you have no verified contact method for high urgency, so this page reached nobody. Add one on your profile.');
        expect(await seriousAxeViolations(p)).toEqual([]);
        await unreachable.getByRole('link', { name: 'Add one on your profile' }).click();
        await p.waitForURL('**/profile');
      } finally {
        await c.close();
      }
    });

    it('marks on the People list who cannot be paged, before the night it matters', async () => {
      await page.goto(`${server.url}/people`);
      const row = (name: string) => page.getByTestId('person-row').filter({ hasText: name });
      // Dee has no contact method; Bob's chat webhook is verified and a rule reaches it.
      await expect.poll(() => row('Dee Moreno').getByTestId('person-unreachable').count()).toBe(1);
      expect(await row('Dee Moreno').getByTestId('person-unreachable').getAttribute('title')).toMatch(/verified/i);
      // Why, in words on the row too (a phone has no hover).
      expect(await row('Dee Moreno').getByTestId('person-unreachable-why').textContent()).toBe(
        'High-urgency pages would not reach them: no verified contact method, no notification rule for high urgency',
      );
      expect(await row('Bob Okafor').getByTestId('person-unreachable').count()).toBe(0);
      expect(await row('Bob Okafor').getByTestId('person-unreachable-why').count()).toBe(0);
      // Your own badge leads to your profile, where methods and rules are fixed.
      expect(await row('Ada Lovelace').getByTestId('person-unreachable').getAttribute('href')).toBe('/profile');
      expect(await row('Dee Moreno').getByTestId('person-unreachable').getAttribute('href')).toBeNull();
      expect(await seriousAxeViolations(page)).toEqual([]);
    });

    it('shows a viewer the pages but no paging controls, and no way to declare (at phone width too)', async () => {
      const { c, p } = await newPage(chromium.browser, vic);
      try {
        await p.goto(`${server.url}/incidents/${incidentNumber}`);
        await p.getByTestId('paging-panel').getByTestId('page').first().waitFor();
        expect(await p.getByTestId('paging-actions').count()).toBe(0);
        expect(await p.getByRole('button', { name: 'Page someone else' }).count()).toBe(0);
        // Dee's page reached nobody: a viewer is told to call her, not to page someone (they cannot).
        const dees = p.getByTestId('paging-panel').locator('[data-testid="page"][data-user="Dee Moreno"]').getByTestId('page-unreachable');
        expect(await dees.innerText()).toBe('Unreachable: Dee Moreno has no verified contact method for high urgency. Call them.');
        // The list still says who is paged; declaring (which the API refuses a viewer) is not offered.
        for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
          await p.setViewportSize(viewport);
          await p.goto(`${server.url}/incidents`);
          // Acknowledged by Ada (the test before): the row names who is on it.
          expect(await p.locator(`[data-testid="incident-row"][data-incident-number="${incidentNumber}"] [data-testid="incident-paged"]`).innerText()).toBe('Acknowledged by Ada Lovelace');
          expect(await p.getByRole('link', { name: /Declare incident/ }).count()).toBe(0);
          await p.keyboard.press('n');
          expect(new URL(p.url()).pathname).toBe('/incidents');
        }
        await p.goto(`${server.url}/incidents/new`);
        expect(await p.getByTestId('declare-not-allowed').innerText()).toMatch(/Viewers cannot declare incidents/);
        expect(await p.getByRole('form', { name: 'Declare an incident' }).count()).toBe(0);
      } finally {
        await c.close();
      }
    });

    it('lets an admin set the service’s urgencies and business hours, and the policy’s acknowledgement timeout', async () => {
      await page.goto(`${server.url}/services/${serviceId}`);
      const form = page.getByRole('form', { name: 'Paging settings' });
      await form.waitFor();
      await form.getByRole('radiogroup', { name: 'SEV-3' }).getByText('High').click();
      await form.getByRole('textbox', { name: 'Opens' }).fill('08:00');
      await form.getByRole('button', { name: 'Save paging settings' }).click();
      await page.getByText('Paging settings saved').waitFor();
      const saved = await api<{ urgencies: Record<string, string>; business_hours: { start: string } }>('GET', `/services/${serviceId}/paging`);
      expect(saved.urgencies['SEV-3']).toBe('high');
      expect(saved.business_hours.start).toBe('08:00');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await shot('paging-service-settings');

      await page.goto(`${server.url}/escalation-policies/${policyId}`);
      const ack = page.getByRole('form', { name: 'Acknowledgement timeout' });
      await ack.getByRole('switch').check({ force: true });
      await ack.getByRole('textbox', { name: 'Acknowledgement timeout (minutes)' }).fill('45');
      await ack.getByRole('button', { name: 'Save' }).click();
      await ack.getByText('still not mitigated after 45 minutes').waitFor();
      expect((await api<{ ack_timeout_minutes: number | null }>('GET', `/escalation-policies/${policyId}`)).ack_timeout_minutes).toBe(45);
      expect(errors).toEqual([]);
    });
  });
}
