/**
 * bench:lighthouse — Lighthouse 12 (mobile emulation, simulated throttling) on the incident list
 * with 120 open incidents, signed in, served by `tocsin serve` on SQLite. The hardening issue's
 * goal: performance 90 or more.
 *
 * Lighthouse is not a dependency of Tocsin: the script installs lighthouse@12 into
 * .tmp/lighthouse the first time. Chromium is Debian's (/usr/bin/chromium, or CHROME_PATH).
 * Prints one JSON line last: performance and accessibility scores and the paint timings.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QUICK, report, ROOT, round, startTocsin } from './lib/harness.js';

const INCIDENTS = QUICK ? 30 : 120;
const LH_DIR = join(ROOT, '.tmp', 'lighthouse');
const LH_BIN = join(LH_DIR, 'node_modules', '.bin', 'lighthouse');
const OWNER = { email: 'lighthouse@example.com', name: 'Ada Lighthouse', password: 'correct horse battery staple' };

function ensureLighthouse(): void {
  if (existsSync(LH_BIN)) return;
  mkdirSync(LH_DIR, { recursive: true });
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', LH_DIR, 'lighthouse@12'], { stdio: 'inherit' });
}

async function signIn(url: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: OWNER.email, password: OWNER.password }),
  });
  if (!res.ok) throw new Error(`sign-in answered ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrf_token: csrf } = (await res.json()) as { csrf_token: string };
  return { cookie, csrf };
}

async function main(): Promise<void> {
  ensureLighthouse();
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-lighthouse-'));
  const databaseUrl = `sqlite:${join(dir, 'tocsin.db')}`;
  const env = { ...process.env, TOCSIN_DATABASE_URL: databaseUrl };
  spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
  execFileSync(process.execPath, [join(ROOT, 'bin/tocsin.js'), 'migrate'], { env, stdio: 'ignore' });
  execFileSync(process.execPath, [join(ROOT, 'bin/tocsin.js'), 'user', 'create', '--email', OWNER.email, '--name', OWNER.name, '--role', 'owner', '--password-stdin'], {
    env,
    input: `${OWNER.password}\n`,
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  const tocsin = await startTocsin({ databaseUrl, env: { TOCSIN_MONITOR_CHECKS: 'false' } });
  try {
    const { cookie, csrf } = await signIn(tocsin.url);
    for (let i = 1; i <= INCIDENTS; i++) {
      const res = await fetch(`${tocsin.url}/api/v1/incidents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
        body: JSON.stringify({ title: `checkout 502 on node ${i}`, severity: `SEV-${(i % 4) + 1}` }),
      });
      if (res.status !== 201) throw new Error(`declare answered ${res.status}`);
    }
    const out = join(dir, 'lighthouse.json');
    const run = spawnSync(LH_BIN, [
      `${tocsin.url}/incidents`,
      '--only-categories=performance,accessibility',
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update --disable-sync --no-first-run',
      `--extra-headers=${JSON.stringify({ Cookie: cookie })}`,
      '--output=json',
      `--output-path=${out}`,
      '--quiet',
    ], { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' }, stdio: 'inherit' });
    if (run.status !== 0 || !existsSync(out)) throw new Error(`lighthouse exited with ${run.status}`);
    const lh = JSON.parse(readFileSync(out, 'utf8')) as {
      finalDisplayedUrl: string;
      categories: Record<string, { score: number }>;
      audits: Record<string, { numericValue?: number }>;
    };
    const ms = (id: string) => round(lh.audits[id]?.numericValue ?? NaN, 0);
    report('lighthouse', {
      performance: round(lh.categories.performance!.score * 100, 0),
      accessibility: round(lh.categories.accessibility!.score * 100, 0),
      first_contentful_paint_ms: ms('first-contentful-paint'),
      largest_contentful_paint_ms: ms('largest-contentful-paint'),
      total_blocking_time_ms: ms('total-blocking-time'),
      speed_index_ms: ms('speed-index'),
      // A sign-in page would score well too: the URL and the DOM size say the list was measured.
      final_url_path: new URL(lh.finalDisplayedUrl).pathname,
      dom_elements: ms('dom-size'),
      incidents: INCIDENTS,
    });
  } finally {
    await tocsin.stop();
  }
}

await main();
