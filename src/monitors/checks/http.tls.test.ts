import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, makeCertificate, reply, slowReply, startHttpTarget, type Certificate, type HttpTarget } from '../../../test/support/targets.js';
import type { HttpSpec } from '../model.js';
import { runCheck } from './index.js';

// HTTPS targets, each with its own certificate; `authority` signs the trusted ones.
let authority: Certificate;
const certs: Record<'good' | 'expiring' | 'expired' | 'selfSigned', Certificate> = {} as never;
const targets: Record<keyof typeof certs, HttpTarget> = {} as never;

beforeAll(async () => {
  authority = await makeAuthority();
  certs.good = await makeCertificate({ authority, validDays: 90 });
  certs.expiring = await makeCertificate({ authority, validDays: 3 });
  certs.expired = await makeCertificate({ authority, validDays: -2 });
  certs.selfSigned = await makeCertificate({ validDays: 90 });
  for (const name of Object.keys(certs) as (keyof typeof certs)[]) {
    targets[name] = await startHttpTarget({ '/': reply(200, 'secure hello'), '/slow': slowReply(60) }, { tls: certs[name] });
  }
});
afterAll(() => Promise.all(Object.values(targets).map((t) => t.close())));

function spec(target: HttpTarget, more: Partial<HttpSpec> = {}): HttpSpec {
  const url = target.url.replace('127.0.0.1', 'localhost');
  return { type: 'http', url: `${url}/`, method: 'GET', headers: {}, body: null, follow_redirects: true, expected_status: ['200'], assertions: [], degraded_after_ms: null, cert_expiry_days: 14, ...more };
}

const now = () => Date.now();
const trusting = () => ({ timeoutMs: 3000, now, ca: [authority.cert] });

describe('HTTPS check: certificates', () => {
  it('is up with a trusted certificate, and reports when it expires', async () => {
    const outcome = await runCheck(spec(targets.good, { assertions: [{ kind: 'body_contains', value: 'secure' }] }), trusting());
    expect(outcome).toEqual({ status: 'up', latency_ms: expect.any(Number), failure: null, message: null, cert_expires_at: certs.good.expiresAt });
  });

  it('is degraded when the certificate expires within cert_expiry_days', async () => {
    const outcome = await runCheck(spec(targets.expiring), trusting());
    expect(outcome).toMatchObject({ status: 'degraded', failure: 'cert_expiring', cert_expires_at: certs.expiring.expiresAt });
    expect(outcome.message).toMatch(/^certificate expires in [23] days \(\d{4}-\d\d-\d\d\)$/);
    expect(await runCheck(spec(targets.expiring, { cert_expiry_days: 2 }), trusting())).toMatchObject({ status: 'up' });
    expect(await runCheck(spec(targets.expiring, { cert_expiry_days: null }), trusting())).toMatchObject({ status: 'up' });
  });

  it('says slow first when both slow and expiring, and mentions both', async () => {
    const outcome = await runCheck({ ...spec(targets.expiring, { degraded_after_ms: 20 }), url: `https://localhost:${targets.expiring.port}/slow` }, trusting());
    expect(outcome).toMatchObject({ status: 'degraded', failure: 'slow' });
    expect(outcome.message).toMatch(/^answered in \d+ ms, over 20 ms; certificate expires in/);
  });

  it('is down when the clock says the certificate has expired', async () => {
    const later = { ...trusting(), now: () => certs.expiring.expiresAt + 1 };
    expect(await runCheck(spec(targets.expiring), later)).toMatchObject({ status: 'down', failure: 'tls', message: 'certificate has expired' });
  });

  it('is down with tls for an expired, self-signed, untrusted or misnamed certificate', async () => {
    expect(await runCheck(spec(targets.expired), trusting())).toMatchObject({ status: 'down', failure: 'tls', message: 'certificate has expired' });
    expect(await runCheck(spec(targets.selfSigned), trusting())).toMatchObject({ status: 'down', failure: 'tls', message: 'self-signed certificate, not trusted' });
    expect(await runCheck(spec(targets.good), { timeoutMs: 3000, now })).toMatchObject({ status: 'down', failure: 'tls', message: 'certificate not trusted (unknown issuer)' });
    const misnamed = await makeCertificate({ authority, host: 'elsewhere.example' });
    const other = await startHttpTarget({ '/': reply(200) }, { tls: misnamed });
    try {
      const outcome = await runCheck(spec(other), trusting());
      expect(outcome).toMatchObject({ status: 'down', failure: 'tls', message: 'certificate is not for localhost' });
    } finally {
      await other.close();
    }
  });

  it('checks the status over https like over http', async () => {
    expect(await runCheck(spec(targets.good, { expected_status: ['204'] }), trusting())).toMatchObject({ status: 'down', failure: 'status', message: 'expected 204, got 200', cert_expires_at: certs.good.expiresAt });
  });
});
