import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../support/db.js';
import { createToken, createUser, type TestUser } from '../support/factories.js';
import { signInWithForm, startTocsin, type ServerProcess, useChromium } from './server.js';

// Escalation as a viewer of the catalog meets it: the policies page, a policy's tiers with who
// each reaches now (and a tier that reaches nobody, said so), and the service page's line.

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

  beforeAll(async () => {
    fresh = await freshDatabase(dialect, { migrate: false });
    server = await startTocsin(fresh.url);
    ada = await createUser(fresh.db, { role: 'admin', name: 'Ada Lovelace', email: 'ada@example.test' });
    const token = await createToken(fresh.db, ada.id);
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
  });

  it('says on the service page which policy escalates it and who is on call now', async () => {
    await page.goto(`${server.url}/services/${serviceId}`);
    const line = page.getByTestId('service-escalation');
    await line.waitFor();
    expect(await line.innerText()).toMatch(/Escalation: Platform default\s+On call now: Ada Lovelace/);
    await line.getByRole('link', { name: 'Platform default' }).click();
    await page.waitForURL(`**/escalation-policies/${policyId}`);
  });
});
