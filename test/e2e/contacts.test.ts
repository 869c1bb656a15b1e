import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../support/db.js';
import { createToken, createUser, type TestUser } from '../support/factories.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { signedInPage, startTocsin, type ServerProcess, useChromium } from './server.js';

// "How you are reached" as a person meets it on a phone-sized screen: add an email address, see
// it unverified with the test-page button disabled, type the code the server sent (read here
// from the outbox, as no mail server runs), see it verified and the button enabled; and the
// escalation policy page listing who cannot be reached.

const chromium = useChromium();
const dialect = DIALECTS[0]!;

describe(`how you are reached in Chromium [${dialect}]`, () => {
  let fresh: FreshDatabase;
  let server: ServerProcess;
  let mail: SmtpSink;
  let context: BrowserContext;
  let page: Page;
  let ada: TestUser;
  let policyId: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
    // Email set up (a real SMTP server on loopback): the code arrives as a person's mail would.
    mail = await startSmtpSink();
    server = await startTocsin(fresh.url, { TOCSIN_SMTP_URL: mail.url, TOCSIN_SMTP_FROM: 'tocsin@example.test' });
    ada = await createUser(fresh.db, { role: 'admin', name: 'Ada Lovelace', email: 'ada@example.test' });
    const bo = await createUser(fresh.db, { role: 'responder', name: 'Bo Unreached', email: 'bo@example.test' });
    const token = await createToken(fresh.db, ada.id);
    const res = await fetch(`${server.url}/api/v1/escalation-policies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Checkout', tiers: [{ delay_minutes: 0, targets: [{ kind: 'user', id: bo.id }] }] }),
    });
    expect(res.status).toBe(201);
    policyId = ((await res.json()) as { id: string }).id;
    ({ context, page } = await signedInPage(chromium.browser, server.url, ada, pageErrors));
    await page.setViewportSize({ width: 390, height: 844 }); // a phone
    page.setDefaultTimeout(15_000);
  });

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    await mail?.close();
    await fresh?.drop();
  });

  it('shows an admin how each channel is set up: the SMTP server, and what the others need', async () => {
    // An admin gets there from the People page, beside who cannot be reached.
    await page.goto(`${server.url}/people`);
    await page.getByRole('link', { name: 'Channels' }).click();
    await page.getByRole('heading', { name: 'Notification channels' }).waitFor();
    const email = page.getByRole('region', { name: /^Email/ });
    await email.waitFor();
    // The server runs with its public URL set.
    expect(await page.getByText('No public URL').count()).toBe(0);
    expect(await email.getByText('Configured', { exact: true }).isVisible()).toBe(true);
    expect(await email.getByText(`SMTP smtp://127.0.0.1:${new URL(mail.url).port}, from tocsin@example.test`).isVisible()).toBe(true);
    const sms = page.getByRole('region', { name: /^SMS/ });
    expect(await sms.getByText('Not configured', { exact: true }).isVisible()).toBe(true);
    expect(await sms.getByText(/set TOCSIN_TWILIO_\*, TOCSIN_VONAGE_\* or TOCSIN_SMS_GATEWAY_URL/).isVisible()).toBe(true);
    const chat = page.getByRole('region', { name: /^Chat/ });
    expect(await chat.getByText(/set TOCSIN_SLACK_SIGNING_SECRET/).isVisible()).toBe(true);
    // A test email through the SMTP server, without adding a contact method: it arrives.
    const before = mail.messages.length;
    const test = email.getByRole('form', { name: 'Test email' });
    await test.getByRole('textbox', { name: 'Email address' }).fill('ops@example.test');
    await test.getByRole('button', { name: 'Send' }).click();
    await test.getByText(/^smtp took the test email to ops@example\.test/).waitFor();
    const [got] = (await mail.waitForMessages(before + 1)).slice(before);
    expect((await mail.parse(got!)).subject).toBe('Tocsin: a test of smtp, sent by Ada Lovelace');
    // Nothing wider than the phone: the page does not scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: '.tmp/channels-phone.png', fullPage: true });
  });

  it('adds a method unverified, then verifies it with the code, enabling the test page', async () => {
    await page.goto(`${server.url}/profile`);
    await page.getByRole('heading', { name: 'How you are reached' }).waitFor();
    expect(await page.getByTestId('test-page').isDisabled()).toBe(true);
    expect(await page.getByTestId('readiness-high').getAttribute('data-reachable')).toBe('false');

    await page.getByRole('button', { name: 'Add method' }).click();
    await page.getByLabel('Email address').fill('Ada@Example.test');
    await page.getByRole('button', { name: 'Add and send code' }).click();
    const row = page.getByTestId('contact-method');
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('unverified');
    expect(await row.innerText()).toContain('ada@example.test');
    expect(await page.getByTestId('test-page').isDisabled()).toBe(true);

    // Mail from earlier tests (the channels page's test email) is not this one's.
    const earlier = mail.messages.filter((m) => !m.to.includes('ada@example.test')).length;
    const [sent] = (await mail.waitForMessages(earlier + 1)).slice(earlier);
    expect(sent!.to).toEqual(['ada@example.test']);
    const code = /\b(\d{6})\b/.exec((await mail.parse(sent!)).text ?? '')?.[1];
    expect(code, 'a six-digit code in the mail').toBeDefined();
    await row.getByTestId('code-input').locator('input').first().click();
    await page.keyboard.type(code!);
    await expect.poll(() => row.getAttribute('data-state')).toBe('verified');
    await expect.poll(() => page.getByTestId('test-page').isDisabled()).toBe(false);
    await expect.poll(() => page.getByTestId('rule').count()).toBe(2);
    // Reachable now, once readiness has refetched after the verification (on a busy machine that
    // comes after the rules); and the test page arrives.
    await expect.poll(() => page.getByTestId('readiness-high').getAttribute('data-reachable')).toBe('true');
    await page.getByTestId('test-page').click();
    await page.getByText(/Test page sent to 1 method/).waitFor();
    const [, testPage] = (await mail.waitForMessages(earlier + 2)).slice(earlier);
    expect((await mail.parse(testPage!)).subject).toMatch(/test/i);
    expect(pageErrors).toEqual([]);
  });

  it('offers no channel the server is not set up for: SMS and voice are shown, disabled, saying why', async () => {
    await page.getByRole('button', { name: 'Add method' }).click();
    await page.getByRole('combobox', { name: 'Channel' }).click();
    for (const name of ['SMS', 'Voice call']) {
      const option = page.getByRole('option', { name: `${name} (not set up here)` });
      await option.waitFor();
      expect(await option.getAttribute('aria-disabled'), name).toBe('true');
    }
    await page.getByRole('option', { name: 'SMS (not set up here)' }).click({ force: true });
    // Still email: a disabled option cannot be picked.
    expect(await page.getByRole('combobox', { name: 'Channel' }).inputValue()).toBe('Email');
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('contact-method').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('lists who an escalation policy cannot reach', async () => {
    await page.goto(`${server.url}/escalation-policies/${policyId}`);
    const list = page.getByTestId('unreachable');
    await list.waitFor();
    expect(await list.innerText()).toMatch(/Bo Unreached[\s\S]*tier 1[\s\S]*No verified contact method/);
    // And in the list of policies, without opening each one.
    await page.goto(`${server.url}/escalation-policies`);
    const line = page.getByRole('listitem').filter({ hasText: 'Checkout' }).getByTestId('policy-readiness');
    await line.waitFor();
    expect(await line.innerText()).toBe('Cannot be paged: Bo Unreached (no verified contact method, no notification rule for high urgency)');
  });
});
