import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../support/db.js';
import { createToken, createUser, type TestUser } from '../support/factories.js';
import { misfits, shotPath, signInWithForm, startTocsin, type ServerProcess, useChromium } from './server.js';

// Escalation as a viewer of the catalog meets it: the policies page, a policy's tiers with who
// each reaches now (and a tier that reaches nobody, said so), and the service page's line; and as
// an admin writes one: a new policy tier by tier, an edit the API refuses (said beside the field,
// nothing changed), a good edit, and a delete.

const chromium = useChromium();
const dialect = DIALECTS[0]!;

describe(`escalation policies in Chromium [${dialect}]`, () => {
  let fresh: FreshDatabase;
  let server: ServerProcess;
  let context: BrowserContext;
  let page: Page;
  let ada: TestUser;
  let policyId: string;
  let serviceId: string;
  let token: string;

  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
    server = await startTocsin(fresh.url);
    ada = await createUser(fresh.db, { role: 'admin', name: 'Ada Lovelace', email: 'ada@example.test' });
    token = await createToken(fresh.db, ada.id);
    const api = async <T>(method: string, path: string, body: unknown): Promise<T> => {
      const res = await fetch(`${server.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status, path).toBeLessThan(300);
      return (await res.json()) as T;
    };
    const today = new Date().toISOString().slice(0, 10);
    const schedule = await api<{ id: string }>('POST', '/schedules', { name: 'Platform', time_zone: 'UTC', template: 'weekly', members: [ada.id], start_date: today, handoff: '00:00' });
    const team = await api<{ id: string }>('POST', '/teams', { name: 'Nobody yet' });
    policyId = (
      await api<{ id: string }>('POST', '/escalation-policies', {
        name: 'Platform default',
        template: 'default',
        targets: { primary: { kind: 'schedule', id: schedule.id }, secondary: { kind: 'user', id: ada.id }, management: { kind: 'team', id: team.id }, executives: { kind: 'user', id: ada.id } },
      })
    ).id;
    serviceId = (await api<{ id: string }>('POST', '/services', { name: 'Checkout' })).id;
    await api('PUT', `/services/${serviceId}/escalation-policy`, { policy_id: policyId });
    context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signInWithForm(page, server.url, ada);
  });

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    await fresh?.drop();
  });

  it('lists policies and shows each tier with who it reaches now', async () => {
    await page.goto(`${server.url}/escalation-policies`);
    await page.getByRole('link', { name: 'Platform default' }).click();
    await page.getByRole('heading', { name: 'Platform default' }).waitFor();
    const tiers = page.getByTestId('tier');
    await expect.poll(() => tiers.count()).toBe(4);
    expect(await tiers.nth(0).innerText()).toMatch(/1\s+0 min\s+Every severity\s+Platform\s+Ada Lovelace/);
    expect(await tiers.nth(2).innerText()).toMatch(/SEV-1 only\s+Nobody yet\s+Nobody: this team has no active members/);
    // Which services it escalates, each a link to its page.
    const used = page.getByTestId('policy-services');
    expect(await used.innerText()).toMatch(/Escalates the incidents of\s+Checkout/);
    expect(await used.getByRole('link', { name: 'Checkout' }).getAttribute('href')).toBe(`/services/${serviceId}`);
    await page.screenshot({ path: shotPath('escalation-policy', dialect), fullPage: true });
    await page.getByRole('button', { name: 'Delete' }).click();
    expect(await page.getByTestId('delete-consequence').innerText()).toMatch(/^Checkout is left without an escalation policy: new incidents there page nobody/);
    await page.getByRole('button', { name: 'Keep it' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    // On a phone each tier is a box of its own, whom it reaches in view, not scrolled off a table.
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      const cards = page.getByTestId('tier-card');
      await expect.poll(() => cards.nth(0).isVisible()).toBe(true);
      expect(await tiers.nth(0).isVisible()).toBe(false);
      expect(await cards.nth(0).innerText()).toMatch(/Tier 1 · at once · Every severity\s+Targets: Platform\s+Reaches now: Ada Lovelace/);
      expect(await cards.nth(2).innerText()).toMatch(/Tier 3 · after 15 min · SEV-1 only[\s\S]+Reaches now:\s+Nobody: this team has no active members/);
      expect(await misfits(page)).toEqual([]);
      await page.screenshot({ path: shotPath('escalation-policy-phone', dialect), fullPage: true });
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('says on the service page which policy escalates it and who is on call now; an admin changes it there', async () => {
    await page.goto(`${server.url}/services/${serviceId}`);
    const line = page.getByTestId('service-escalation');
    const select = line.getByLabel('Escalation policy');
    await expect.poll(() => select.inputValue()).toBe('Platform default');
    expect(await line.innerText()).toMatch(/On call now: Ada Lovelace/);
    const policyOf = async () => ((await (await fetch(`${server.url}/api/v1/services/${serviceId}/on-call`, { headers: { authorization: `Bearer ${token}` } })).json()) as { policy: { id: string } | null }).policy;
    await select.click();
    expect(await line.getByTestId('service-unpaged').count()).toBe(0);
    await page.getByRole('option', { name: 'None: nobody is paged' }).click();
    await expect.poll(policyOf).toBeNull();
    // Without a policy the box says, as a warning, that the service's incidents page nobody.
    await expect.poll(() => line.getByTestId('service-unpaged').textContent()).toBe('No escalation policy: new incidents of this service page nobody. Choose one above.');
    // So does its row in the services list, before anyone opens the service.
    await page.goto(`${server.url}/services`);
    const row = page.getByTestId('service-row').filter({ hasText: 'Checkout' });
    await expect.poll(() => row.getByTestId('service-no-policy').textContent()).toBe('No escalation policy: its incidents page nobody');
    await page.goto(`${server.url}/services/${serviceId}`);
    await expect.poll(() => select.inputValue()).toBe('None: nobody is paged');
    await select.click();
    await page.getByRole('option', { name: 'Platform default' }).click();
    await expect.poll(async () => (await policyOf())?.id).toBe(policyId);
    await expect.poll(() => line.getByTestId('service-unpaged').count()).toBe(0);
    await page.goto(`${server.url}/services`);
    await row.waitFor();
    expect(await row.getByTestId('service-no-policy').count()).toBe(0);
    await page.goto(`${server.url}/services/${serviceId}`);
    await line.getByRole('link', { name: 'Its tiers' }).click();
    await page.waitForURL(`**/escalation-policies/${policyId}`);
  });

  it('an admin creates a policy tier by tier, is told beside the field what an edit got wrong, then edits and deletes it', async () => {
    await page.goto(`${server.url}/escalation-policies`);
    await page.getByRole('link', { name: 'New policy' }).click();
    await page.getByLabel('Name').fill('Payments');
    const tier = (n: number) => page.getByRole('group', { name: `Tier ${n}` });
    await tier(1).getByLabel('Schedules').click();
    await page.keyboard.type('Plat');
    await page.getByRole('option', { name: 'Platform' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Add a tier' }).click();
    await tier(2).getByLabel('The incident commander').check();
    await tier(2).getByText('SEV-1', { exact: true }).click();
    await page.getByRole('button', { name: 'Create policy' }).click();
    await page.getByRole('heading', { name: 'Payments' }).waitFor();
    // A new policy no service uses yet pages nobody: the page says so until a service chooses it.
    expect(await page.getByTestId('policy-services').innerText()).toMatch(/No service uses this policy, so it pages nobody/);
    const tiers = page.getByTestId('tier');
    await expect.poll(() => tiers.count()).toBe(2);
    expect(await tiers.nth(0).innerText()).toMatch(/1\s+0 min\s+Every severity\s+Platform\s+Ada Lovelace/);
    expect(await tiers.nth(1).innerText()).toMatch(/2\s+5 min\s+SEV-1 only\s+Incident commander/);

    // Tier 1 after tier 2: refused, said beside tier 2's delay, and the policy is as it was.
    await page.getByRole('button', { name: 'Edit policy' }).click();
    await tier(1).getByLabel(/minutes after/).fill('10');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await tier(2).getByText('5 is before the tier ahead of it (10); delays never go down').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(async () => tiers.nth(0).innerText()).toMatch(/1\s+0 min/);

    await page.getByRole('button', { name: 'Edit policy' }).click();
    await tier(2).getByLabel(/minutes after/).fill('15');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await expect.poll(async () => (await tiers.count()) === 2 && (await tiers.nth(1).innerText())).toMatch(/2\s+15 min\s+SEV-1 only/);
    await page.goto(`${server.url}/escalation-policies`);
    const list = await page.getByRole('list', { name: 'Escalation policies' }).innerText();
    expect(list).toMatch(/0 min: Platform → 15 min: the incident commander \(SEV-1 only\)\s+Used by no service: it pages nobody/);
    expect(list).toMatch(/Platform default\s+[^\n]+\s+Used by Checkout/);

    await page.getByRole('link', { name: 'Payments' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    expect(await page.getByTestId('delete-consequence').innerText()).toBe('No service uses it, so nobody stops being paged.');
    await page.getByRole('button', { name: 'Delete policy' }).click();
    await page.waitForURL(/\/escalation-policies$/);
    await expect.poll(() => page.getByRole('link', { name: 'Payments' }).count()).toBe(0);
  });
});
