import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../support/db.js';
import { createToken, createUser, type TestUser } from '../support/factories.js';
import { browserDialects, shotPath, signedInPage, startTocsin, type ServerProcess, useChromium } from './server.js';

// An admin connects Alertmanager to a service from its page (the key shown once, with what to
// paste), an alert arrives through it, the incident page shows the alert and the deploy just
// before it, and the key is revoked. On the same section, an admin sets how alerts group; a viewer only reads it.

const chromium = useChromium();

for (const dialect of browserDialects()) {
  describe(`alert intake in Chromium [${dialect}]`, () => {
    let fresh: FreshDatabase;
    let server: ServerProcess;
    let context: BrowserContext;
    let page: Page;
    let ada: TestUser;
    let token = '';
    let serviceId = '';
    const pageErrors: string[] = [];
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    /** A storm: `n` firing alerts in one Alertmanager notification, through a new key on the service; the incident they opened. */
    const storm = async (service: string, n: number, alert: (i: number) => { annotations: { summary: string } }): Promise<string> => {
      const key = (await (await api('POST', `/api/v1/services/${service}/integration-keys`, { name: `storm ${n}`, type: 'alertmanager' })).json()) as { id: string; key: string };
      const alerts = Array.from({ length: n }, (_, i) => alert(i));
      const sent = await fetch(`${server.url}/integrations/alertmanager/${key.key}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version: '4', status: 'firing', alerts }) });
      expect(sent.status).toBe(202);
      const raised = (await (await api('GET', `/api/v1/alerts?source_ref=${key.id}&limit=200`)).json()).items as { incident_id: string; summary: string }[];
      return raised.find((a) => a.summary === alerts[0]!.annotations.summary)?.incident_id ?? raised[0]!.incident_id;
    };

    beforeAll(async () => {
      fresh = await freshDatabase(dialect);
      server = await startTocsin(fresh.url);
      ada = await createUser(fresh.db, { role: 'admin', name: 'Ada Lovelace', email: 'ada@example.test' });
      token = await createToken(fresh.db, ada.id);
      serviceId = (await (await api('POST', '/api/v1/services', { name: 'checkout' })).json()).id;
      ({ context, page } = await signedInPage(chromium.browser, server.url, ada, pageErrors));
    });

    afterAll(async () => {
      await context?.close();
      await server?.stop();
      await fresh?.drop();
    });

    it('creates a key on the service page, shows it once with the receiver to paste, and revokes it', async () => {
      await page.goto(`${server.url}/services/${serviceId}`);
      await page.getByRole('button', { name: 'New integration key' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('textbox', { name: 'Name' }).fill('prometheus-prod');
      await dialog.getByRole('button', { name: 'Create key' }).click();
      const setup = await dialog.getByTestId('integration-key-setup').innerText();
      const key = /integrations\/alertmanager\/([0-9a-f]{32})/.exec(setup)?.[1];
      expect(key, setup).toBeDefined();
      expect(setup).toContain('webhook_configs');
      await dialog.getByRole('button', { name: 'I have saved it' }).click();
      const row = page.getByTestId('integration-key-row').filter({ hasText: 'prometheus-prod' });
      await row.getByText(`${key!.slice(0, 6)}…`).waitFor();
      await expect.poll(() => page.getByText(key!).count()).toBe(0);

      // A deploy, then an alert through the key: the incident page names the deploy.
      expect((await api('POST', '/api/v1/changes', { service: 'checkout', summary: 'Deployed checkout v9', source: 'ci', links: [{ href: 'https://ci.example.test/run/9' }] })).status).toBe(201);
      const alertmanager = (status: 'firing' | 'resolved') =>
        fetch(`${server.url}/integrations/alertmanager/${key}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            version: '4',
            status,
            alerts: [
              {
                status,
                labels: { alertname: 'CheckoutErrors', severity: 'critical', cluster: 'eu-1' },
                annotations: { summary: 'Checkout 5xx above 5%', runbook_url: 'https://runbooks.example.test/5xx' },
                startsAt: new Date().toISOString(),
                generatorURL: 'http://prometheus.example.test:9090/graph?g0.expr=errors',
                fingerprint: 'abc',
              },
            ],
          }),
        });
      expect((await alertmanager('firing')).status).toBe(202);
      const incidents = await (await api('GET', '/api/v1/incidents')).json();
      await page.goto(`${server.url}/incidents/${incidents.items[0].number}`);
      await page.getByRole('list', { name: 'Recent changes' }).getByText('Deployed checkout v9').first().waitFor();
      // A rollback while it lasts reaches the open page, apart from the changes before it began.
      expect((await api('POST', '/api/v1/changes', { service: 'checkout', summary: 'Rolled back checkout v9', source: 'ci' })).status).toBe(201);
      await page.getByRole('list', { name: 'Changes since it began' }).getByText('Rolled back checkout v9').waitFor();
      expect(await page.getByRole('list', { name: 'Recent changes' }).getByText('Rolled back checkout v9').count()).toBe(0);

      // The alert behind it: still firing, from Alertmanager, its source linked, its labels one click away.
      const alerts = page.getByRole('list', { name: 'Alerts behind this incident' });
      const item = alerts.getByTestId('incident-alert').filter({ hasText: 'Checkout 5xx above 5%' });
      await item.getByText('Firing', { exact: true }).waitFor();
      expect(await item.innerText()).toContain('Alertmanager, critical · 1 event');
      expect(await item.getByRole('link', { name: 'Source' }).getAttribute('href')).toBe('http://prometheus.example.test:9090/graph?g0.expr=errors');
      await item.getByText('What the sender said').click();
      expect(await item.getByText('eu-1').isVisible()).toBe(true);
      expect(await item.getByRole('link', { name: 'https://runbooks.example.test/5xx' }).getAttribute('href')).toBe('https://runbooks.example.test/5xx');
      // A repeat is counted on it, never lost; resolving it in Alertmanager resolves it here.
      expect((await alertmanager('firing')).status).toBe(202);
      // A repeat changes no incident (no live event): a firing alert's count refreshes by itself.
      await expect.poll(() => item.innerText(), { timeout: 15_000, interval: 500 }).toContain('2 events (1 repeat)');
      // The page's live feed held back until the alert has resolved: the change came between the
      // page's first reads and the feed opening, and the feed's first opening catches the page up.
      let release = () => {};
      const held = new Promise<void>((r) => (release = r));
      await page.route('**/api/v1/live', async (route) => {
        await held;
        await route.continue();
      });
      await page.reload();
      await expect.poll(() => item.innerText()).toContain('2 events (1 repeat)');
      expect((await alertmanager('resolved')).status).toBe(202);
      release();
      await item.getByText('Resolved', { exact: true }).waitFor();
      await page.unroute('**/api/v1/live');
      expect(await page.getByTestId('alerts-summary').innerText()).toBe('None still firing · 1 in all · 2 events');
      await page.locator('section', { has: alerts }).screenshot({ path: shotPath('incident-alerts', dialect) });

      // The service page lists its latest changes too, each linked to its pipeline run.
      await page.goto(`${server.url}/services/${serviceId}`);
      const changes = page.getByRole('list', { name: 'Latest changes on checkout' });
      expect(await changes.getByRole('link', { name: 'Deployed checkout v9' }).getAttribute('href')).toBe('https://ci.example.test/run/9');
      expect(await changes.innerText()).toMatch(/Deployed checkout v9\s+.*· ci$/);
      await page.locator('section', { has: changes }).screenshot({ path: shotPath('service-changes', dialect) });
      await row.getByRole('button', { name: 'Revoke prometheus-prod' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
      await row.getByText('revoked').waitFor();
      expect((await fetch(`${server.url}/integrations/alertmanager/${key}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"version":"4","alerts":[]}' })).status).toBe(404);
      expect(pageErrors).toEqual([]);
    });

    it('sets how the service groups its alerts and what their resolving does, on the same section', async () => {
      await page.goto(`${server.url}/services/${serviceId}`);
      const form = page.getByRole('form', { name: 'Alert settings' });
      const windowInput = form.getByRole('textbox', { name: 'Grouping window (minutes)' });
      await expect.poll(() => windowInput.inputValue()).toBe('60');
      await windowInput.fill('30');
      const labels = form.getByLabel('Group by labels', { exact: true });
      await labels.fill('cluster');
      await labels.press('Enter');
      await form.getByLabel('When all its alerts resolve', { exact: true }).click();
      await page.getByRole('option', { name: 'Mark it mitigated; people resolve it' }).click();
      await form.getByRole('button', { name: 'Save alert settings' }).click();
      await form.getByRole('status').getByText('Saved').waitFor();
      expect(await (await api('GET', `/api/v1/services/${serviceId}/alert-settings`)).json()).toEqual({ grouping_window_minutes: 30, grouping_labels: ['cluster'], on_all_alerts_resolved: 'mitigate' });
      expect(pageErrors).toEqual([]);
    });

    it('lists the first ten alerts of a storm, firing ones first, and the rest on asking', async () => {
      const incidentId = await storm(serviceId, 12, (i) => ({ status: 'firing', labels: { alertname: `DiskFull${i}`, severity: 'critical' }, annotations: { summary: `Disk full on db-${i}` }, startsAt: new Date().toISOString(), fingerprint: `storm-${i}` }));
      const all = (await (await api('GET', `/api/v1/alerts?incident_id=${incidentId}&limit=200`)).json()).items.length as number;
      expect(all).toBeGreaterThanOrEqual(12);
      const number = (await (await api('GET', `/api/v1/incidents/${incidentId}`)).json()).number as number;
      await page.goto(`${server.url}/incidents/${number}`);
      const items = page.getByRole('list', { name: 'Alerts behind this incident' }).getByTestId('incident-alert');
      await expect.poll(() => items.count()).toBe(10);
      await items.first().getByText('Firing', { exact: true }).waitFor();
      await page.getByRole('button', { name: `Show all ${all} alerts` }).click();
      await expect.poll(() => items.count()).toBe(all);
      expect(await page.getByTestId('alerts-show-all').count()).toBe(0);
      // On the timeline the storm is one line, opened on asking.
      const run = page.getByTestId('timeline-run');
      const joinedLine = /^(\d+) alerts joined this incident: Disk full on db-\d+, Disk full on db-\d+ and \d+ more$/;
      const folded = Number(joinedLine.exec(await run.getByTestId('timeline-sentence').innerText())?.[1]);
      expect(folded).toBeGreaterThanOrEqual(11);
      const joinedEvents = page.locator('[data-testid="timeline-event"][data-kind="alert_opened"]');
      const before = await joinedEvents.count();
      await run.getByRole('button', { name: `Show all ${folded}` }).click();
      await expect.poll(() => joinedEvents.count()).toBe(before + folded);
      expect(await run.count()).toBe(0);
      expect(pageErrors).toEqual([]);
    });

    it('counts every alert of a storm larger than one read, and reads the rest on asking', async () => {
      const racks = (await (await api('POST', '/api/v1/services', { name: `racks ${Date.now()}` })).json()).id as string;
      const incidentId = await storm(racks, 205, (i) => ({ status: 'firing', labels: { alertname: `RackPower${i}`, severity: 'critical' }, annotations: { summary: `Rack ${i} lost power` }, fingerprint: `rack-${i}` }));
      const number = (await (await api('GET', `/api/v1/incidents/${incidentId}`)).json()).number as number;
      await page.goto(`${server.url}/incidents/${number}`);
      // Two hundred alerts take a loaded machine more than expect.poll's default second to draw.
      const drawn = { timeout: 10_000 };
      await expect.poll(() => page.getByTestId('alerts-summary').innerText(), drawn).toBe('205 still firing · 205 in all · 205 events');
      const items = page.getByRole('list', { name: 'Alerts behind this incident' }).getByTestId('incident-alert');
      await page.getByRole('button', { name: 'Show the newest 200 of 205 alerts' }).click();
      await expect.poll(() => items.count(), drawn).toBe(200);
      await page.getByRole('button', { name: 'Show 5 more (5 not shown yet)' }).click();
      await expect.poll(() => items.count(), drawn).toBe(205);
      expect(await page.getByTestId('alerts-more').count()).toBe(0);
      const racksShown = new Set(await items.locator('p', { hasText: /^Rack \d+ lost power$/ }).allInnerTexts());
      expect(racksShown.size).toBe(205);
      expect(pageErrors).toEqual([]);
    });

    it('keeps an open incident page to about one refresh a second while a storm of alerts joins it', async () => {
      const queue = (await (await api('POST', '/api/v1/services', { name: `queue ${Date.now()}` })).json()).id as string;
      const key = (await (await api('POST', `/api/v1/services/${queue}/integration-keys`, { name: 'storm-live', type: 'pagerduty' })).json()).key as string;
      const event = (dedup_key: string) =>
        fetch(`${server.url}/v2/enqueue`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ routing_key: key, event_action: 'trigger', dedup_key, payload: { summary: `Queue ${dedup_key} backed up`, source: 'mq-1', severity: 'critical' } }),
        });
      expect((await event('q-0')).status).toBe(202);
      const open = (await (await api('GET', '/api/v1/alerts?status=open&limit=200')).json()).items as { incident_id: string; summary: string }[];
      const incidentId = open.find((a) => a.summary === 'Queue q-0 backed up')!.incident_id;
      const number = (await (await api('GET', `/api/v1/incidents/${incidentId}`)).json()).number as number;
      await page.goto(`${server.url}/incidents/${number}`);
      await page.getByTestId('timeline').waitFor();
      await expect.poll(() => page.getByTestId('live-status').getAttribute('data-state')).toBe('live');
      const timelineOf = async () => (await (await api('GET', `/api/v1/incidents/${incidentId}/timeline`)).json()).items as { seq: number }[];
      const heldSeq = (await timelineOf()).at(-1)!.seq;
      // Each refresh of the timeline: what it asked for (`after`) and how many events came back.
      const timelineReads: { after: number | null; items: Promise<number> }[] = [];
      const onResponse = (r: { url(): string; json(): Promise<unknown> }) => {
        const url = new URL(r.url());
        if (url.pathname !== `/api/v1/incidents/${incidentId}/timeline`) return;
        const after = url.searchParams.get('after');
        timelineReads.push({ after: after === null ? null : Number(after), items: r.json().then((b) => (b as { items: unknown[] }).items.length) });
      };
      page.on('response', onResponse);
      const started = Date.now();
      for (let i = 1; i <= 40; i++) expect((await event(`q-${i}`)).status).toBe(202);
      const seconds = (Date.now() - started) / 1000;
      // Every alert is there in the end, in one folded line.
      await expect.poll(() => page.getByTestId('timeline-run').getByTestId('timeline-sentence').innerText(), { timeout: 10_000 }).toMatch(/^40 alerts joined this incident/);
      page.off('response', onResponse);
      // One refresh at once, then at most one a second while the events kept coming, and the last.
      expect(timelineReads.length).toBeGreaterThan(0);
      expect(timelineReads.length).toBeLessThanOrEqual(Math.ceil(seconds) + 3);
      // Each refresh read on from what the page held: no event came twice, none went missing.
      expect(timelineReads[0]!.after).toBe(heldSeq);
      const lastSeq = (await timelineOf()).at(-1)!.seq;
      await expect.poll(async () => (await Promise.all(timelineReads.map((r) => r.items))).reduce((a, b) => a + b, 0)).toBe(lastSeq - heldSeq);
      expect(pageErrors).toEqual([]);
    });

    it('shows a viewer the alert settings read-only, without a save button', async () => {
      expect((await api('PUT', `/api/v1/services/${serviceId}/alert-settings`, { grouping_window_minutes: 45 })).status).toBe(200);
      const viewer = await createUser(fresh.db, { role: 'viewer', name: 'Vera Viewer', email: 'vera@example.test' });
      const signedIn = await signedInPage(chromium.browser, server.url, viewer, pageErrors);
      try {
        await signedIn.page.goto(`${server.url}/services/${serviceId}`);
        const form = signedIn.page.getByRole('form', { name: 'Alert settings' });
        const windowInput = form.getByRole('textbox', { name: 'Grouping window (minutes)' });
        await expect.poll(() => windowInput.inputValue()).toBe('45');
        expect(await windowInput.getAttribute('readonly')).not.toBeNull();
        expect(await form.getByRole('button', { name: 'Save alert settings' }).count()).toBe(0);
        expect(pageErrors).toEqual([]);
      } finally {
        await signedIn.context.close();
      }
    });
  });
}
