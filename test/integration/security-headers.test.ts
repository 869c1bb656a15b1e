import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';

const ROOT = join(import.meta.dirname, '..', '..');

beforeAll(() => {
  // The web app's pages come from web/dist; build it if this checkout has not yet.
  if (!existsSync(join(ROOT, 'web/dist/index.html'))) spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
});

describeEachDatabase('security headers', (h) => {
  it('serves the web app with a content security policy that forbids framing and foreign scripts', async () => {
    const res = await h.call('GET', '/incidents', { headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('gives the API docs page a content security policy and forbids framing it', async () => {
    const res = await h.call('GET', '/api/v1/docs/', { headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('validator.swagger.io');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('marks API answers, errors included, nosniff and same-origin referrers', async () => {
    const res = await h.call('GET', '/api/v1/incidents');
    expect(res.statusCode).toBe(401);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describeEachDatabase(
  'security headers behind https',
  (h) => {
    it('asks browsers to keep to https', async () => {
      const res = await h.call('GET', '/healthz');
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
    });
  },
  { env: { TOCSIN_PUBLIC_URL: 'https://tocsin.example.com' } },
);
