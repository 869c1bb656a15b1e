import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/support/net.js';
import { hang, makeAuthority, makeCertificate, startHttpTarget, startTcpTarget, type Certificate, type HttpTarget } from '../../../test/support/targets.js';
import type { TlsSpec } from '../model.js';
import { runCheck } from './index.js';

let authority: Certificate;
let good: Certificate;
let expiring: Certificate;
let expired: Certificate;
let selfSigned: Certificate;
const started: HttpTarget[] = [];

beforeAll(async () => {
  authority = await makeAuthority();
  [good, expiring, expired, selfSigned] = await Promise.all([
    makeCertificate({ authority, validDays: 90 }),
    makeCertificate({ authority, validDays: 3 }),
    makeCertificate({ authority, validDays: -2 }),
    makeCertificate({ validDays: 90 }),
  ]);
});
afterAll(() => Promise.all(started.map((t) => t.close())));

async function serving(cert: Certificate): Promise<number> {
  const target = await startHttpTarget({ '/': hang() }, { tls: cert });
  started.push(target);
  return target.port;
}

const spec = (port: number, more: Partial<TlsSpec> = {}): TlsSpec => ({ type: 'tls', host: 'localhost', port, cert_expiry_days: 14, ...more });
const now = () => Date.now();
const trusting = () => ({ timeoutMs: 3000, now, ca: [authority.cert] });

describe('TLS check', () => {
  it('is up with a trusted certificate, reporting its expiry, by name or by IP', async () => {
    const port = await serving(good);
    const outcome = await runCheck(spec(port), trusting());
    expect(outcome).toEqual({ status: 'up', latency_ms: expect.any(Number), failure: null, message: null, cert_expires_at: good.expiresAt });
    expect(await runCheck(spec(port, { host: '127.0.0.1' }), trusting())).toMatchObject({ status: 'up' });
  });

  it('is degraded when the certificate expires within cert_expiry_days', async () => {
    const port = await serving(expiring);
    const outcome = await runCheck(spec(port), trusting());
    expect(outcome).toMatchObject({ status: 'degraded', failure: 'cert_expiring', cert_expires_at: expiring.expiresAt });
    expect(outcome.message).toMatch(/^certificate expires in [23] days/);
    expect(await runCheck(spec(port, { cert_expiry_days: 1 }), trusting())).toMatchObject({ status: 'up' });
  });

  it('is down for an expired certificate, and still says when it expired', async () => {
    const port = await serving(expired);
    expect(await runCheck(spec(port), trusting())).toMatchObject({ status: 'down', failure: 'tls', message: 'certificate has expired', cert_expires_at: expired.expiresAt });
  });

  it('is down for a self-signed or untrusted certificate', async () => {
    const selfSignedPort = await serving(selfSigned);
    expect(await runCheck(spec(selfSignedPort), trusting())).toMatchObject({ status: 'down', failure: 'tls', message: 'self-signed certificate, not trusted', cert_expires_at: selfSigned.expiresAt });
    const goodPort = await serving(good);
    expect(await runCheck(spec(goodPort), { timeoutMs: 3000, now })).toMatchObject({ status: 'down', failure: 'tls', message: 'certificate not trusted (unknown issuer)' });
  });

  it('is down when the certificate is for another host', async () => {
    const port = await serving(await makeCertificate({ authority, host: 'elsewhere.example' }));
    expect(await runCheck(spec(port), trusting())).toMatchObject({ status: 'down', failure: 'tls', message: 'certificate is not for localhost' });
  });

  it('is down with refused, or a failed handshake, when nothing speaks TLS there', async () => {
    expect(await runCheck(spec(await freePort()), trusting())).toMatchObject({ status: 'down', failure: 'refused' });
    const plain = await startTcpTarget();
    try {
      expect(await runCheck(spec(plain.port), trusting())).toMatchObject({ status: 'down', failure: 'reset' });
    } finally {
      await plain.close();
    }
  });
});
