import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../support/db.js';
import { createToken, createUser, type TestUser } from '../support/factories.js';
import { browserDialects, startTocsin, type ServerProcess, useChromium, shotPath, signInWithForm } from './server.js';

// An admin corrects a teammate's name and time zone (found by typing "New York"), and a
// service's page lists the incidents that named it, open ones first.

const chromium = useChromium();

for (const dialect of browserDialects()) {
  describe(`people and service pages in Chromium [${dialect}]`, () => {
    let fresh: FreshDatabase;
    let server: ServerProcess;
    let page: Page;
    let ada: TestUser;
    let token: string;
    const api = async (path: string, body: unknown) => {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status, `${path} ${await res.clone().text()}`).toBeLessThan(300);
      return (await res.json()) as { id: string; number: number };
    };

    beforeAll(async () => {
      fresh = await freshDatabase(dialect);
      server = await startTocsin(fresh.url);
      ada = await createUser(fresh.db, { role: 'admin', name: 'Ada Lovelace', email: 'ada@example.test' });
      await createUser(fresh.db, { role: 'responder', name: 'Linus Torvlads', email: 'linus@example.test' });
      token = await createToken(fresh.db, ada.id);
      page = await chromium.browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.setDefaultTimeout(10_000);
      await signInWithForm(page, server.url, ada);
    });

    afterAll(async () => {
      await page?.close();
      await server?.stop();
      await fresh?.drop();
    });

    it("edits a teammate's name and time zone, finding the zone by typing New York", async () => {
      await page.goto(`${server.url}/people`);
      await page.getByRole('button', { name: 'Edit Linus Torvlads' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('textbox', { name: 'Name' }).fill('Linus Torvalds');
      const zone = dialog.getByRole('combobox', { name: 'Time zone' });
      await zone.click();
      await zone.fill('New York');
      await page.getByRole('option', { name: 'America/New_York', exact: true }).click();
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'hidden' });
      const row = page.getByTestId('person-row').filter({ hasText: 'Linus Torvalds' });
      await row.getByText(/America\/New_York|New York/).first().waitFor();
      const users = (await (await fetch(`${server.url}/api/v1/users?q=linus`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { name: string; time_zone: string }[] };
      expect(users.items).toEqual([expect.objectContaining({ name: 'Linus Torvalds', time_zone: 'America/New_York' })]);
    });

    it('lists the incidents of a service on its page: open first, then finished, and no others', async () => {
      const ledger = await api('/services', { name: 'ledger' });
      const other = await api('/services', { name: 'search' });
      const old = await api('/incidents', { title: 'Ledger was down', severity: 'SEV-2', service_ids: [ledger.id] });
      await api(`/incidents/${old.number}/resolve`, {});
      const minor = await api('/incidents', { title: 'Ledger slow', severity: 'SEV-3', service_ids: [ledger.id] });
      const major = await api('/incidents', { title: 'Ledger loses writes', severity: 'SEV-1', service_ids: [ledger.id] });
      await api('/incidents', { title: 'Search is empty', severity: 'SEV-1', service_ids: [other.id] });
      await page.goto(`${server.url}/services/${ledger.id}`);
      const list = page.getByRole('list', { name: 'Incidents of this service' });
      await list.getByTestId('incident-row').nth(2).waitFor();
      const numbers = await list.getByTestId('incident-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-incident-number'))));
      expect(numbers).toEqual([major.number, minor.number, old.number]);
      await page.screenshot({ path: shotPath('e2e-service-incidents', dialect), fullPage: true });
    });
  });
}
