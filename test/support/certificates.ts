// Test certificates with chosen validity (selfsigned v5, EC keys: fast), for TLS check tests (via targets.ts).
import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';

export interface Certificate {
  /** PEM private key and certificate. */
  key: string;
  cert: string;
  /** notAfter, epoch ms (whole seconds, as the certificate holds it). */
  expiresAt: number;
}

const DAY_MS = 86_400_000;

/** A CA to sign leaves with; trust it by passing its cert in a check's `ca` option. */
export async function makeAuthority(): Promise<Certificate> {
  const pems = await generate([{ name: 'commonName', value: 'Tocsin Test CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 365 * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return withExpiry(pems.private, pems.cert);
}

/**
 * A server certificate for `host` (default localhost) and 127.0.0.1 that expires in `validDays`
 * (default 90; negative gives an expired one). Signed by `authority`, or by itself when none is given.
 */
export async function makeCertificate(opts: { authority?: Certificate; validDays?: number; host?: string } = {}): Promise<Certificate> {
  const host = opts.host ?? 'localhost';
  const notAfter = Date.now() + (opts.validDays ?? 90) * DAY_MS;
  const notBefore = Math.min(Date.now() - DAY_MS, notAfter - 30 * DAY_MS);
  const pems = await generate([{ name: 'commonName', value: host }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(notBefore),
    notAfterDate: new Date(notAfter),
    ...(opts.authority ? { ca: { key: opts.authority.key, cert: opts.authority.cert } } : {}),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: host }, { type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return withExpiry(pems.private, pems.cert);
}

function withExpiry(key: string, cert: string): Certificate {
  return { key, cert, expiresAt: Date.parse(new X509Certificate(cert).validTo) };
}
