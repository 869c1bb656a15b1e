import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { connectChromium } from '../support/browser.js';
import { DIALECTS, type DialectName } from '../support/db.js';
import { freePort } from '../support/net.js';

// Runs the real `tocsin serve` (bin/tocsin.js → dist/cli.js) as a child process, as users do.

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Set by the browser step's global setup once it has built: its files need not look again. */
export const BUILT_ENV = 'TOCSIN_E2E_BUILT';

/** Builds the server bundle and web/dist when out of date (scripts/build.mjs decides). */
export function buildAll(): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node scripts/build.mjs failed:\n${r.stdout}\n${r.stderr}`);
}


export interface ServerProcess {
  url: string;
  /** Everything the server wrote, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export async function startTocsin(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin', 'tocsin.js'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      TOCSIN_PORT: String(port),
      TOCSIN_HOST: '127.0.0.1',
      TOCSIN_PUBLIC_URL: url,
      TOCSIN_DATABASE_URL: databaseUrl,
      TOCSIN_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (b: Buffer) => (log += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (log += b.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const server: ServerProcess = {
    url,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
  await waitReady(server, child);
  return server;
}

async function waitReady(server: ServerProcess, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`tocsin serve exited with ${child.exitCode}:\n${server.output()}`);
    try {
      const res = await fetch(`${server.url}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  await server.stop();
  throw new Error(`tocsin serve did not become ready within 30 s:\n${server.output()}`);
}

/**
 * The databases a browser file runs on. A screen shows what the API answers, and the integration
 * tests check every answer on each database, so most files run on the first of DIALECTS only
 * (SQLite unless TOCSIN_TEST_DIALECTS says otherwise): on each, they spent three minutes of the
 * ten-minute step clicking the same screens again. A file whose screens show what travels a
 * database's own path to the browser (live updates, pages handed to a provider) passes
 * `{ each: true }` and runs on each. `TOCSIN_E2E_DIALECTS=all` runs every file on each.
 */
export function browserDialects(opts: { each?: boolean } = {}): DialectName[] {
  return opts.each || process.env.TOCSIN_E2E_DIALECTS === 'all' ? DIALECTS : DIALECTS.slice(0, 1);
}

/** Where e2e screenshots go (gitignored); look at them after a run. */
export const SHOTS = join(ROOT, '.tmp');

/** A screenshot's path; PostgreSQL runs get a suffix so they do not overwrite SQLite's. */
export const shotPath = (name: string, dialect: string): string =>
  join(SHOTS, dialect === 'sqlite' ? `${name}.png` : `${name}-${dialect}.png`);

/**
 * Builds the app when out of date and connects to the run's Chromium (or launches one, run
 * outside `vitest --project e2e`) for the file's tests; disconnecting after them closes every
 * context the file opened.
 */
export function useChromium(): { readonly browser: Browser } {
  const holder = {} as { browser: Browser };
  beforeAll(async () => {
    if (!process.env[BUILT_ENV]) buildAll();
    mkdirSync(SHOTS, { recursive: true });
    holder.browser = await connectChromium();
  });
  afterAll(async () => {
    await holder.browser?.close();
  });
  return holder;
}

/** Signs `user` in through the sign-in form, as a person would, and waits for the incident list. */
export async function signInWithForm(page: Page, url: string, user: { email: string; password: string }): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page.getByRole('textbox', { name: 'Email' }).fill(user.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(user.password);
  await page.getByRole('textbox', { name: 'Password', exact: true }).press('Enter');
  await page.waitForURL(/\/incidents$/);
}

/** A fresh 1280×900 browser context signed in as `user`, collecting uncaught page errors into `errors`. */
export async function signedInPage(browser: Browser, url: string, user: { email: string; password: string }, errors: string[], opts: { bypassCSP?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light', ...opts });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (err) => errors.push(err.message));
  await signInWithForm(page, url, user);
  return { context, page };
}

/**
 * What does not fit a phone's screen: the page wider than it, and controls cut off, past its right
 * edge (a box that clips them leaves the page's width alone) or a button whose label is wider than
 * the button shows. Empty when everything fits.
 */
export const misfits = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const wider = document.documentElement.scrollWidth - window.innerWidth;
    const cut = [...document.querySelectorAll('button, a, input, [role="button"]')]
      .filter((e) => {
        const r = e.getBoundingClientRect();
        const label = e.querySelector('.mantine-Button-label');
        return r.width > 0 && (r.right > window.innerWidth + 1 || (label !== null && label.scrollWidth > label.clientWidth + 1));
      })
      .map((e) => `cut off: ${e.textContent?.trim() || e.getAttribute('aria-label') || e.tagName}`);
    return [...(wider > 0 ? [`the page is ${wider} px wider than the screen`] : []), ...cut];
  });
