import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserServer } from 'playwright-core';

// Debian's chromium (apt-get install chromium); `npx playwright install` is not used here.
export const CHROMIUM_PATH = process.env.TOCSIN_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

function checkInstalled(): void {
  if (!chromiumAvailable()) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium (or set TOCSIN_CHROMIUM)`);
  }
}

/**
 * Where the browser step's shared Chromium listens (test/e2e/global-setup.ts). Each browser file
 * launched its own: 1.3-1.5 s of a busy core each, seventeen times a run; connecting takes a
 * tenth of that. Every file still gets contexts of its own, closed when it disconnects.
 */
export const SHARED_BROWSER_ENV = 'TOCSIN_E2E_BROWSER_WS';

/** Launches headless Chromium; fails with the install hint when it is missing. */
export async function launchChromium(): Promise<Browser> {
  checkInstalled();
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
}

/** Chromium for several test files to connect to (`connectChromium`). */
export async function launchChromiumServer(): Promise<BrowserServer> {
  checkInstalled();
  return chromium.launchServer({ executablePath: CHROMIUM_PATH, args: ARGS });
}

/** The shared Chromium when the run has one, else a browser of the caller's own. */
export async function connectChromium(): Promise<Browser> {
  const ws = process.env[SHARED_BROWSER_ENV];
  return ws ? chromium.connect(ws) : launchChromium();
}
