import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects } from '../support/dialect-suites.js';
import { freshDatabase, type FreshDatabase } from '../support/db.js';
import { createUser } from '../support/factories.js';
import { shotPath, signInWithForm, startTocsin, useChromium, type ServerProcess } from './server.js';

// The installable app and its service worker in a real Chromium: the manifest and icons are
// served, "Enable push on this device" registers /sw.js and asks for the server's VAPID key,
// and a push message delivered to the worker (through the DevTools protocol, as a push service
// would) shows the page as a notification with Acknowledge and Resolve. Headless Chromium has no
// push service to subscribe with, so the subscription itself is covered by the unit tests.
// One database is enough: this is about the browser.

const chromium = useChromium();

describeDialects(
  'web push in Chromium',
  (dialect) => {
    let fresh: FreshDatabase;
    let server: ServerProcess;
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      fresh = await freshDatabase(dialect);
      server = await startTocsin(fresh.url);
      const ada = await createUser(fresh.db, { role: 'responder', name: 'Ada Lovelace', email: 'ada@example.test' });
      context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.grantPermissions(['notifications'], { origin: server.url });
      page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await signInWithForm(page, server.url, ada);
    });
    afterAll(async () => {
      await context?.close();
      await server?.stop();
      await fresh?.drop();
    });

    it('is installable: the manifest and its icons are served', async () => {
      expect(await page.locator('link[rel=manifest]').getAttribute('href')).toBe('/manifest.webmanifest');
      const manifest = await (await fetch(`${server.url}/manifest.webmanifest`)).json();
      expect(manifest).toMatchObject({ name: 'Tocsin', display: 'standalone', start_url: '/' });
      for (const icon of manifest.icons as { src: string }[]) {
        const res = await fetch(`${server.url}${icon.src}`);
        expect([icon.src, res.status, res.headers.get('content-type')]).toEqual([icon.src, 200, 'image/png']);
      }
    });

    it('Enable push registers the service worker, which shows a pushed page with its buttons', async () => {
      await page.goto(`${server.url}/profile`);
      const keyAsked = page.waitForResponse((r) => r.url().endsWith('/api/v1/push/vapid-public-key') && r.status() === 200);
      await page.getByRole('button', { name: 'Enable push on this device' }).click();
      await keyAsked;
      const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
      expect(scope).toBe(`${server.url}/`);
      // Headless Chromium cannot reach a push service: the subscription fails, and says so.
      await page.getByRole('alert').filter({ hasText: 'Could not enable push' }).waitFor();
      await page.screenshot({ path: shotPath('push-profile', dialect) });

      const cdp = await context.newCDPSession(page);
      const registered = new Promise<string>((resolve) =>
        cdp.on('ServiceWorker.workerRegistrationUpdated', (e: { registrations: { registrationId: string; scopeURL: string }[] }) => {
          const r = e.registrations.find((x) => x.scopeURL === `${server.url}/`);
          if (r) resolve(r.registrationId);
        }),
      );
      await cdp.send('ServiceWorker.enable');
      const msg = { title: '[SEV-1] #42 Checkout is down', body: 'Checkout API returns 503.', url: `${server.url}/incidents/42`, ackUrl: `${server.url}/act/a`, resolveUrl: `${server.url}/act/r`, tag: 'inc_42', kind: 'page' };
      await cdp.send('ServiceWorker.deliverPushMessage', { origin: server.url, registrationId: await registered, data: JSON.stringify(msg) });
      const shown = () =>
        page.evaluate(async () =>
          (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
            title: n.title,
            body: n.body,
            tag: n.tag,
            actions: (n as Notification & { actions?: { action: string }[] }).actions?.map((a) => a.action),
            data: n.data,
          })),
        );
      await expect.poll(shown, { timeout: 10_000 }).toEqual([{ title: msg.title, body: msg.body, tag: 'inc_42', actions: ['acknowledge', 'resolve'], data: { url: msg.url, ackUrl: msg.ackUrl, resolveUrl: msg.resolveUrl, tag: 'inc_42' } }]);
    });
  },
  ['sqlite'],
);
