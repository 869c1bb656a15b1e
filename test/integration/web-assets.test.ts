import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import { silentLogger } from '../../src/core/log.js';
import { createKernel, type OpenKernel } from '../../src/app/kernel.js';
import { authenticator, MODULES } from '../../src/app/modules.js';
import { buildApp } from '../../src/http/app.js';
import type { App } from '../../src/http/deps.js';
import { freshDatabase, type FreshDatabase } from '../support/db.js';

// The built web app as a browser gets it: compressed, cached for as long as it can be, and
// without its source maps. One database (SQLite) is enough: serving files reads no table.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = join(ROOT, 'web', 'dist');

/**
 * The most the scripts index.html loads up front (the entry and its modulepreloads: the frame and
 * the incident list, the signed-in home) may weigh, gzipped: on a phone they are the first screen.
 */
const FIRST_SCREEN_GZIP_BUDGET = 150_000;

/**
 * What index.html has the browser fetch before the app runs: the app's entry script, every script
 * (the entry, boot.ts run `async`, modulepreloads) and the stylesheets.
 */
function firstScreen(html: string): { entry: string; scripts: string[]; styles: string[] } {
  const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]+)"`).exec(tag)?.[1];
  const tags = html.match(/<(script|link)\b[^>]*>/g) ?? [];
  const asset = (href: string | undefined) => href?.replace(/^\/assets\//, '');
  const modules = tags.filter((t) => /type="module"/.test(t));
  return {
    entry: asset(attr(modules.find((t) => !/\basync\b/.test(t))!, 'src'))!,
    scripts: tags.filter((t) => /type="module"/.test(t) || /rel="modulepreload"/.test(t)).map((t) => asset(attr(t, 'src') ?? attr(t, 'href'))!),
    styles: tags.filter((t) => /rel="stylesheet"/.test(t)).map((t) => asset(attr(t, 'href'))!),
  };
}

async function appOn(fresh: FreshDatabase, env: Record<string, string> = {}): Promise<{ app: App; kernel: OpenKernel }> {
  const config = loadConfig({ TOCSIN_DATABASE_URL: fresh.url, TOCSIN_LOG_LEVEL: 'silent', ...env });
  const kernel = createKernel(config, { db: fresh.db, clock: new FakeClock(), log: silentLogger, modules: MODULES });
  const app = await buildApp(kernel, { modules: kernel.modules, authenticator });
  await app.ready();
  return { app, kernel };
}

describe('the web app as served', () => {
  let fresh: FreshDatabase;
  let served: { app: App; kernel: OpenKernel };
  let html: string;
  let js: string;
  let css: string;
  let map: string;

  beforeAll(async () => {
    // The same build `npm test` runs before this tier (a no-op when web/dist is up to date).
    const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
    expect(built.status, `${built.stdout}\n${built.stderr}`).toBe(0);
    const assets = readdirSync(join(DIST, 'assets'));
    html = readFileSync(join(DIST, 'index.html'), 'utf8');
    // The app's entry script and the first stylesheet index.html loads (the app is split into chunks by route).
    js = firstScreen(html).entry;
    css = firstScreen(html).styles[0]!;
    map = assets.find((f) => f.endsWith('.js.map')) ?? `${js}.map`;
    fresh = await freshDatabase('sqlite');
    served = await appOn(fresh);
  }, 180_000);
  afterAll(async () => {
    await served?.app.close();
    await served?.kernel.close();
    await fresh?.drop();
  });

  const get = (url: string, headers: Record<string, string> = {}) => served.app.inject({ method: 'GET', url, headers });

  it('sends index.html revalidated every time, for / and for client routes', async () => {
    for (const url of ['/', '/index.html', '/incidents/42']) {
      const res = await get(url, { accept: 'text/html' });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.body).toContain(`/assets/${js}`);
    }
  });

  it('sends the script brotli- or gzip-compressed to browsers that accept it, cached for a year', async () => {
    const original = readFileSync(join(DIST, 'assets', js));
    const br = await get(`/assets/${js}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.rawPayload.length).toBeLessThan(original.length / 3);
    expect(brotliDecompressSync(br.rawPayload).equals(original)).toBe(true);

    const gz = await get(`/assets/${js}`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toMatch(/accept-encoding/i);
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gunzipSync(gz.rawPayload).equals(original)).toBe(true);

    const plain = await get(`/assets/${js}`, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.equals(original)).toBe(true);
  });

  it('compresses the stylesheet too', async () => {
    const res = await get(`/assets/${css}`, { 'accept-encoding': 'br' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^text\/css/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it(`loads the incident list with its first scripts, at most ${FIRST_SCREEN_GZIP_BUDGET / 1000} KB gzipped`, () => {
    const { scripts } = firstScreen(html);
    const code = scripts.map((f) => readFileSync(join(DIST, 'assets', f)));
    // The signed-in home's page comes with them, not after the entry has run.
    expect(code.some((c) => c.includes('incident-list')), scripts.join(' ')).toBe(true);
    const sizes = scripts.map((f, i) => [f, gzipSync(code[i]!, { level: 9 }).length] as const);
    const total = sizes.reduce((sum, [, n]) => sum + n, 0);
    expect(total, sizes.map(([f, n]) => `${f} ${n}`).join('\n')).toBeLessThanOrEqual(FIRST_SCREEN_GZIP_BUDGET);
  });

  it("has the styles of every Mantine component the first scripts use in the first stylesheets", () => {
    // The first screen carries only some of Mantine's stylesheet (web/src/styles.ts); a component
    // added to the list or the frame without its styles would render unstyled.
    const { scripts, styles } = firstScreen(html);
    const code = scripts.map((f) => readFileSync(join(DIST, 'assets', f), 'utf8')).join('\n');
    const sheets = styles.map((f) => readFileSync(join(DIST, 'assets', f), 'utf8')).join('\n');
    const classes = [...new Set(code.match(/\bm_[0-9a-f]{7,8}\b/g) ?? [])];
    expect(classes.length).toBeGreaterThan(50);
    expect(classes.filter((c) => !sheets.includes(c))).toEqual([]);
  });

  it('does not serve source maps unless TOCSIN_SERVE_SOURCE_MAPS=true', async () => {
    for (const accept of ['*/*', 'text/html']) {
      const res = await get(`/assets/${map}`, { accept });
      expect(res.statusCode, `${accept}: ${res.body.slice(0, 200)}`).toBe(404);
      expect(res.body).not.toContain('sourcesContent');
    }
    const debug = await appOn(fresh, { TOCSIN_SERVE_SOURCE_MAPS: 'true' });
    try {
      const res = await debug.app.inject({ method: 'GET', url: `/assets/${map}` });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('"mappings"');
    } finally {
      await debug.app.close();
      await debug.kernel.close();
    }
  });
});
