import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../support/db.js';
import { createToken, createUser, type TestUser } from '../support/factories.js';
import { axe, describeViolations, serious, type Violation } from './axe.js';
import { startTocsin, type ServerProcess, useChromium, shotPath, signInWithForm } from './server.js';

// WCAG 2.1 AA: axe-core on every page, in the light and the dark scheme; a serious or critical
// violation fails the test and is printed (rule, impact, where). The markup does not depend on
// the database, so one dialect is enough.

const chromium = useChromium();
const SCHEMES = ['light', 'dark'] as const;

const dialect = DIALECTS[0]!;

describe(`accessibility (axe-core, WCAG 2.1 AA) in Chromium [${dialect}]`, () => {
  let fresh: FreshDatabase;
  let server: ServerProcess;
  let context: BrowserContext;
  let page: Page;
  let ada: TestUser;
  let vera: TestUser;
  const paths: [string, string][] = [];
  const found: string[] = [];
  let inviteUrl = '';

  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
    server = await startTocsin(fresh.url);
    ada = await createUser(fresh.db, { role: 'admin', name: 'Ada Lovelace', email: 'ada@example.test' });
    vera = await createUser(fresh.db, { role: 'viewer', name: 'Vera Viewer', email: 'vera@example.test' });
    const token = await createToken(fresh.db, ada.id);
    const api = async <T,>(path: string, body: unknown): Promise<T> => {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status, path).toBeLessThan(300);
      return (await res.json()) as T;
    };
    const team = await api<{ id: string }>('/teams', { name: 'Payments', member_ids: [ada.id] });
    const service = await api<{ id: string }>('/services', { name: 'checkout', owner_team_id: team.id, runbook_url: 'https://runbooks.example.test/checkout' });
    await api('/incidents', { title: 'Checkout returns 502', severity: 'SEV-1', detection_source: 'monitor', service_ids: [service.id], drill: true });
    await api('/incidents/1/acknowledge', {});
    await api('/incidents/1/notes', { text: 'rolled back 4.2' });
    await api('/incidents', { title: 'Ledger lags', severity: 'SEV-3' });
    await api('/incidents/2/resolve', {});
    const monitor = await api<{ id: string }>('/monitors', { type: 'http', name: 'checkout health', target: { url: 'http://127.0.0.1:9/health' }, service_id: service.id });
    const schedule = await api<{ id: string }>('/schedules', { name: 'Payments on call', time_zone: 'Europe/Berlin', template: 'weekly', members: [ada.id], start_date: '2026-01-05' });
    const policy = await api<{ id: string }>('/escalation-policies', {
      name: 'Payments default',
      template: 'default',
      targets: { primary: { kind: 'schedule', id: schedule.id }, secondary: { kind: 'user', id: ada.id }, management: { kind: 'team', id: team.id }, executives: { kind: 'incident_commander' } },
    });
    const attached = await fetch(`${server.url}/api/v1/services/${service.id}/escalation-policy`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ policy_id: policy.id }),
    });
    expect(attached.status).toBe(200);
    // A few alerts nobody acts on, and a rule, so the noise page has a chart, candidates and counts.
    // On a service of their own: on checkout they would join (and, resolving, resolve) incident 1.
    const search = await api<{ id: string }>('/services', { name: 'search' });
    const key = await api<{ key: string }>(`/services/${search.id}/integration-keys`, { name: 'grafana', type: 'pagerduty' });
    await api('/suppression-rules', { name: 'staging is quiet', match: { 'custom_details.env': 'staging' }, action: 'quiet' });
    for (const dedup of ['a', 'b', 'c']) {
      for (const event_action of ['trigger', 'resolve']) {
        const body = { routing_key: key.key, event_action, dedup_key: dedup, payload: { summary: 'CPU high', source: 'web-1', severity: 'warning', class: 'cpu' } };
        expect((await fetch(`${server.url}/v2/enqueue`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status).toBe(202);
      }
    }
    // A policy no service uses and a service without one: each page then carries its warning.
    const unused = await api<{ id: string }>('/escalation-policies', { name: 'Unused', tiers: [{ delay_minutes: 0, targets: [{ kind: 'user', id: ada.id }] }] });
    inviteUrl = (await api<{ invite_url: string }>('/users/invitations', { email: 'grace@example.test', name: 'Grace Hopper', role: 'responder' })).invite_url;
    paths.push(
      ['/incidents', 'incident list'],
      ['/incidents?view=all', 'all incidents'],
      ['/incidents/1', 'an incident'],
      ['/incidents/2', 'a resolved incident'],
      ['/incidents/3', 'an incident raised by alerts'],
      ['/incidents/new', 'declare form'],
      ['/pages', 'my pages'],
      ['/services', 'services'],
      [`/services/${service.id}`, 'a service'],
      [`/services/${search.id}`, 'a service without an escalation policy'],
      ['/teams', 'teams'],
      ['/people', 'people'],
      ['/profile', 'profile'],
      ['/monitors', 'monitors'],
      ['/monitors/new', 'add monitor'],
      [`/monitors/${monitor.id}`, 'a monitor'],
      ['/schedules', 'schedules'],
      ['/schedules/new', 'new schedule'],
      [`/schedules/${schedule.id}`, 'a schedule'],
      ['/escalation-policies', 'escalation policies'],
      [`/escalation-policies/${policy.id}`, 'an escalation policy'],
      [`/escalation-policies/${unused.id}`, 'an escalation policy no service uses'],
      ['/escalation-policies/new', 'new escalation policy'],
      ['/reports/noise', 'noise report'],
      ['/channels', 'notification channels'],
    );
    // bypassCSP: the server's CSP (script-src 'self') would refuse axe's injected script.
    context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    if (found.length) console.log(`axe violations (all impacts):\n${found.join('\n')}`);
    await context?.close();
    await server?.stop();
    await fresh?.drop();
  });

  const check = async (where: string, on: Page = page): Promise<Violation[]> => {
    await on.getByRole('heading', { level: 1 }).first().waitFor();
    await on.locator('.mantine-Loader-root').first().waitFor({ state: 'detached' }).catch(() => undefined);
    const all = await axe(on);
    if (all.length) found.push(describeViolations(where, all));
    return serious(all);
  };

  for (const scheme of SCHEMES) {
    it(`has no serious or critical violation on the sign-in page [${scheme}]`, async () => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${server.url}/sign-in`);
      const bad = await check(`sign-in [${scheme}]`);
      expect(bad, describeViolations(`sign-in [${scheme}]`, bad)).toEqual([]);
    });
  }

  for (const scheme of SCHEMES) {
    it(`has no serious or critical violation on the invitation pages, valid and used up [${scheme}]`, async () => {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [url, name] of [[inviteUrl, 'invite'], [`${server.url}/invite/no-such-link`, 'invite (used)']] as const) {
        await page.goto(url);
        const bad = await check(`${name} [${scheme}]`);
        expect(bad, describeViolations(`${name} [${scheme}]`, bad)).toEqual([]);
      }
    });
  }

  it('signs in', async () => {
    await signInWithForm(page, server.url, ada);
  });

  // Both schemes at once, each in a tab of its own (one session): axe's minute and a half per
  // scheme was the longest wait of the browser tests, and the two tabs keep both cores busy.
  it('has no serious or critical violation on any signed-in page [light and dark]', async () => {
    const problems: string[] = [];
    await Promise.all(
      SCHEMES.map(async (scheme) => {
        const tab = scheme === 'light' ? page : await context.newPage();
        tab.setDefaultTimeout(20_000);
        await tab.emulateMedia({ colorScheme: scheme });
        try {
          for (const [path, name] of paths) {
            await tab.goto(`${server.url}${path}`);
            // The fairness chart loads after the page: check it with its bars and table in place.
            if (path === '/schedules') await tab.getByRole('table', { name: 'On-call hours and pay per person' }).waitFor();
            const bad = await check(`${name} ${path} [${scheme}]`, tab);
            if (bad.length) problems.push(describeViolations(`${name} ${path} [${scheme}]`, bad));
          }
        } finally {
          tab.setDefaultTimeout(10_000);
          if (tab !== page) await tab.close();
        }
      }),
    );
    expect(problems.join('\n'), 'serious or critical axe violations').toBe('');
  }, 240_000);

  // On a phone the wide tables and charts scroll sideways, and a region that scrolls must take the
  // keyboard's focus (axe: scrollable-region-focusable), which a desktop-wide check never sees.
  it('has no serious or critical violation at phone width, where wide tables and charts scroll', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 390, height: 844 });
    const problems: string[] = [];
    try {
      for (const [path, name] of paths.filter(([p]) => ['/schedules', '/reports/noise', '/profile', '/monitors', '/channels'].includes(p))) {
        await page.goto(`${server.url}${path}`);
        if (path === '/schedules') await page.getByRole('table', { name: 'On-call hours and pay per person' }).waitFor();
        const bad = await check(`${name} ${path} [phone]`);
        if (bad.length) problems.push(describeViolations(`${name} ${path} [phone]`, bad));
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    expect(problems.join('\n'), 'serious or critical axe violations').toBe('');
  });

  // A viewer sees other words and colours in places (the declare form's refusal, the incident's
  // actions left out): the same check, signed in as one, in both schemes.
  it('has no serious or critical violation for a viewer [light and dark]', async () => {
    const viewer = await chromium.browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    const problems: string[] = [];
    try {
      const tab = await viewer.newPage();
      tab.setDefaultTimeout(20_000);
      await signInWithForm(tab, server.url, vera);
      for (const scheme of SCHEMES) {
        await tab.emulateMedia({ colorScheme: scheme });
        for (const [path, name] of paths.filter(([p]) => ['/incidents/new', '/incidents/1', '/pages', '/profile', '/services'].includes(p))) {
          await tab.goto(`${server.url}${path}`);
          const bad = await check(`${name} ${path} [viewer, ${scheme}]`, tab);
          if (bad.length) problems.push(describeViolations(`${name} ${path} [viewer, ${scheme}]`, bad));
        }
      }
    } finally {
      await viewer.close();
    }
    expect(problems.join('\n'), 'serious or critical axe violations').toBe('');
  }, 120_000);

  it('has no serious or critical violation in its dialogs, each closed by a named button', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    const problems: string[] = [];
    for (const [path, opener] of [
      ['/incidents/1', 'Change severity'],
      ['/incidents/1', 'Edit details'],
      ['/teams', 'New team'],
      ['/services', 'New service'],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole('button', { name: opener }).first().click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Close dialog' }).waitFor();
      // Read the colours once the dialog has faded in, not halfway through.
      await page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity).map((a) => a.finished)));
      const bad = await check(`${opener} dialog on ${path}`);
      if (bad.length) problems.push(describeViolations(`${opener} dialog on ${path}`, bad));
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    }
    expect(problems.join('\n'), 'serious or critical axe violations').toBe('');
  });

  it('shows focus on every action reached from the keyboard', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${server.url}/incidents/1`);
    await page.getByTestId('lifecycle-actions').waitFor();
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        // A visible indicator: the element looks different focused than blurred (ring, border, shadow).
        // Multi-selects draw it on the box around their inner input (:focus-within), so look up two levels.
        const boxes = [el, el.parentElement, el.parentElement?.parentElement].filter((b): b is HTMLElement => !!b);
        const look = () =>
          boxes
            .map((b) => getComputedStyle(b))
            .map((s) => [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor, s.backgroundColor].join('|'))
            .join(' ');
        const transitions = boxes.map((b) => b.style.transition);
        boxes.forEach((b) => (b.style.transition = 'none')); // read the end states, not a colour halfway through a fade
        const focused = look();
        el.blur();
        const blurred = look();
        el.focus();
        boxes.forEach((b, i) => (b.style.transition = transitions[i]!));
        const visible = focused !== blurred;
        return { name: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40) || el.outerHTML.slice(0, 120), visible };
      });
      if (!focus) continue;
      expect(focus.visible, `focus ring on "${focus.name}"`).toBe(true);
      seen.add(focus.name);
    }
    for (const action of ['Mitigate', 'Resolve', 'Close', 'Change severity', 'Edit details']) {
      expect([...seen].some((n) => n.startsWith(action)), `${action} reachable by Tab`).toBe(true);
    }
    await page.screenshot({ path: shotPath('e2e-a11y-focus', dialect) });
  });
});
