import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../support/db.js';
import { createUser } from '../support/factories.js';
import { startRecorder, type HttpRecorder } from '../support/http-recorder.js';
import { formOf, startWireServer, type WireServer } from '../support/sms-wire.js';
import { axe, describeViolations, serious } from './axe.js';
import { signedInPage, startTocsin, type ServerProcess, useChromium } from './server.js';

// An admin checks the SMS setup on a phone: the providers in failover order and the URL to paste
// into Twilio, then sends a test through each provider alone (a local server stands in for
// Twilio and Vonage: Vonage takes it, Twilio refuses it) and reads how each went.

const chromium = useChromium();
const dialect = DIALECTS[0]!;
const SID = `AC${'0'.repeat(32)}`;
const HEARTBEAT = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

describe(`testing SMS providers from the channels page in Chromium [${dialect}]`, () => {
  let fresh: FreshDatabase;
  let server: ServerProcess;
  let wire: WireServer;
  let heartbeats: HttpRecorder;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
    wire = await startWireServer();
    wire.answer = (r) =>
      r.url.startsWith('/2010-04-01/')
        ? { status: 401, body: JSON.stringify({ code: 20003, message: 'Authenticate', status: 401 }) }
        : { body: JSON.stringify({ 'message-count': '1', messages: [{ status: '0', 'message-id': '0A00000042' }] }) };
    heartbeats = await startRecorder();
    server = await startTocsin(fresh.url, {
      TOCSIN_WATCHDOG_URL: `${heartbeats.base}/hc/${HEARTBEAT}`,
      TOCSIN_WATCHDOG_FAIL_URL: `${heartbeats.base}/hc/${HEARTBEAT}/fail`,
      TOCSIN_TWILIO_ACCOUNT_SID: SID, TOCSIN_TWILIO_AUTH_TOKEN: 'wrong-token', TOCSIN_TWILIO_FROM: '+15557654321', TOCSIN_TWILIO_BASE_URL: wire.base,
      TOCSIN_VONAGE_API_KEY: 'key1', TOCSIN_VONAGE_API_SECRET: 'api-secret-1', TOCSIN_VONAGE_FROM: '447700900001', TOCSIN_VONAGE_BASE_URL: wire.base,
    });
    const ada = await createUser(fresh.db, { role: 'admin', name: 'Ada Lovelace', email: 'ada@example.test' });
    // bypassCSP: axe is injected to check the page with the tests' outcomes on it.
    ({ context, page } = await signedInPage(chromium.browser, server.url, ada, pageErrors, { bypassCSP: true }));
    await page.setViewportSize({ width: 390, height: 844 }); // a phone
    page.setDefaultTimeout(15_000);
  });

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    await wire?.close();
    await heartbeats?.close();
    await fresh?.drop();
  });

  it('shows the providers in order and the reply URL, then tests each provider alone', async () => {
    await page.goto(`${server.url}/channels`);
    const sms = page.getByRole('region', { name: /^SMS/ });
    await sms.getByText('twilio, from +15557654321').waitFor();
    expect(await sms.getByText('vonage, from 447700900001').isVisible()).toBe(true);
    expect(await sms.getByText(`${server.url}/notify/twilio/sms`).isVisible()).toBe(true);

    const form = sms.getByRole('form', { name: 'Test SMS through one provider' });
    // A number that is not one: said beside the field, nothing sent.
    await form.getByRole('textbox', { name: 'Phone number' }).fill('not a number');
    await form.getByRole('button', { name: 'Send' }).click();
    await form.getByText('to must be a phone number in international format').waitFor();
    expect(wire.requests).toHaveLength(0);

    await form.getByRole('textbox', { name: 'Phone number' }).fill('+44 7911 123456');
    await form.getByRole('combobox', { name: 'Provider' }).click();
    await page.getByRole('option', { name: 'vonage', exact: true }).click();
    await form.getByRole('button', { name: 'Send' }).click();
    await form.getByText('vonage took the test SMS to +447911123456 (vonage:0A00000042)').waitFor();
    expect(wire.requests.map((r) => r.url)).toEqual(['/sms/json']);
    expect(formOf(wire.requests[0]!.body)).toMatchObject({ to: '447911123456', text: 'Tocsin: a test of vonage (sms), sent by Ada Lovelace. Nothing to do.' });

    await form.getByRole('combobox', { name: 'Provider' }).click();
    await page.getByRole('option', { name: 'twilio', exact: true }).click();
    await form.getByRole('button', { name: 'Send' }).click();
    await form.getByText(/^twilio did not take the test SMS: twilio: HTTP 401/).waitFor();
    // Twilio alone: no failover to Vonage for a test.
    expect(wire.requests.map((r) => r.url)).toEqual(['/sms/json', `/2010-04-01/Accounts/${SID}/Messages.json`]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: '.tmp/channels-test-phone.png', fullPage: true });
    // The outcomes and the form, light and dark: nothing serious for a screen reader or the eye.
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const bad = serious(await axe(page));
      expect(bad, describeViolations(`channels with test outcomes [${scheme}]`, bad)).toEqual([]);
    }
    expect(pageErrors).toEqual([]);
  });

  it('shows that the heartbeat service hears from Tocsin, and why not when a provider channel is down', async () => {
    // The server's engine pinged a moment after its start: the panel says so, without the URL's secret.
    await heartbeats.waitFor(0, 30_000);
    // The check records the service's answer a moment after the service has the ping.
    await expect.poll(async () => ((await (await page.request.get(`${server.url}/api/v1/watchdog`)).json()) as { last_check: unknown }).last_check, { timeout: 10_000 }).not.toBeNull();
    await page.goto(`${server.url}/channels#watchdog`);
    const panel = page.getByRole('region', { name: /^Watchdog/ });
    await panel.getByText('Pinging').waitFor();
    await panel.getByText(`Tocsin could page. Pinged ${heartbeats.base} (HTTP 200).`).waitFor();
    await panel.getByText(`Pings ${heartbeats.base} every 60 s while Tocsin can page; tells ${heartbeats.base} why when it cannot.`).waitFor();
    expect(await panel.textContent()).not.toContain(HEARTBEAT);

    // Every call of the last minutes failed (Twilio refusing the account): the admin checks now.
    const now = Date.now();
    for (let i = 0; i < 3; i++) {
      await fresh.db.kysely
        .insertInto('outbox_messages')
        .values({ id: `msg_watchdog_${i}`, channel: 'voice', key: `watchdog-e2e-${i}`, payload: '{}', status: 'failed', attempts: 1, max_attempts: 1, next_attempt_at: now, lease_owner: null, last_error: 'twilio: HTTP 401 Authenticate', provider_ref: null, created_at: now, updated_at: now, sent_at: null, delivered_at: null, failed_at: now })
        .execute();
    }
    const told = heartbeats.requests.length;
    await panel.getByRole('button', { name: 'Check now' }).click();
    const outcome = panel.getByRole('status', { name: 'Last check' });
    await outcome.getByText('Every call of the last 15 minutes failed (3 of 3); the last said: twilio: HTTP 401 Authenticate').waitFor();
    expect(await outcome.textContent()).toContain(`Tocsin could not page reliably. Told ${heartbeats.base} why (HTTP 200).`);
    await panel.getByText('Unhealthy').waitFor();
    expect(heartbeats.requests[told]).toMatchObject({ method: 'POST', url: `/hc/${HEARTBEAT}/fail`, body: 'Every call of the last 15 minutes failed (3 of 3); the last said: twilio: HTTP 401 Authenticate\n' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await panel.screenshot({ path: '.tmp/channels-watchdog-phone.png' });

    // Every screen now says so, above what it shows: "paged" may not mean reached.
    await page.goto(`${server.url}/incidents`);
    const banner = page.getByRole('alert').filter({ hasText: 'Paging may not reach people' });
    await banner.getByText('Every call of the last 15 minutes failed (3 of 3); the last said: twilio: HTTP 401 Authenticate').waitFor();
    expect(await banner.getByRole('link', { name: 'People → Channels' }).getAttribute('href')).toBe('/channels#watchdog');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: '.tmp/paging-health-banner-phone.png' });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const bad = serious(await axe(page));
      expect(bad, describeViolations(`incidents with the paging banner [${scheme}]`, bad)).toEqual([]);
    }
    // A viewer sees it too, with what to do without admin rights.
    const viewer = await createUser(fresh.db, { role: 'viewer', name: 'Vera Viewer', email: 'vera@example.test' });
    const asViewer = await signedInPage(chromium.browser, server.url, viewer, pageErrors);
    try {
      await asViewer.page.setViewportSize({ width: 390, height: 844 });
      await asViewer.page.goto(`${server.url}/incidents`);
      const seen = asViewer.page.getByRole('alert').filter({ hasText: 'Paging may not reach people' });
      await seen.getByText('Tell an admin. Until it is fixed, phone anyone a page must reach.').waitFor();
      expect(await seen.getByRole('link').count()).toBe(0);
    } finally {
      await asViewer.context.close();
    }
    await page.goto(`${server.url}/channels#watchdog`);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const bad = serious(await axe(page));
      expect(bad, describeViolations(`channels with the watchdog unhealthy [${scheme}]`, bad)).toEqual([]);
    }
    expect(pageErrors).toEqual([]);
  });
});
