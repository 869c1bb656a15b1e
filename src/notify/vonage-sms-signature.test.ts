import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { vonageSmsSignature, vonageSmsSignatureProblem, type VonageSignatureMethod } from './vonage-sms-signature.js';

const SECRET = 'vonage-signature-secret';
// An inbound message as Vonage posts it, signed: `sig` is left out of the signed string.
const params = { msisdn: '447700900123', to: '447700900001', messageId: '0A00000012345678', text: 'ACK 4821 & a=b', type: 'text', timestamp: '1800000000', nonce: 'n-1' };
// What Vonage's guide says is signed: sorted names, a leading "&", "&" and "=" in values as "_".
const SIGNED = '&messageId=0A00000012345678&msisdn=447700900123&nonce=n-1&text=ACK 4821 _ a_b&timestamp=1800000000&to=447700900001&type=text';

describe("Vonage's SMS webhook signature", () => {
  it('"MD5 hash" (the dashboard default): MD5 of the signed string followed by the secret', () => {
    expect(vonageSmsSignature(params, SECRET, 'md5hash')).toBe(createHash('md5').update(SIGNED + SECRET).digest('hex'));
  });

  it.each(['md5', 'sha1', 'sha256', 'sha512'] as const)('%s HMAC: keyed with the secret over the signed string', (method) => {
    expect(vonageSmsSignature({ ...params, sig: 'ignored' }, SECRET, method)).toBe(createHmac(method, SECRET).update(SIGNED).digest('hex'));
  });

  it('accepts its own signature in either case, and refuses a changed text, another secret, another method or none', () => {
    const sign = (p: Record<string, string>, method: VonageSignatureMethod = 'sha256', secret = SECRET) => ({ ...p, sig: vonageSmsSignature(p, secret, method) });
    expect(vonageSmsSignatureProblem(sign(params), SECRET, 'sha256')).toBeNull();
    expect(vonageSmsSignatureProblem({ ...params, sig: sign(params).sig.toUpperCase() }, SECRET, 'sha256')).toBeNull();
    expect(vonageSmsSignatureProblem({ ...sign(params), text: 'RES 4821' }, SECRET, 'sha256')).toMatch(/^sig does not match/);
    expect(vonageSmsSignatureProblem(sign(params, 'sha256', 'other'), SECRET, 'sha256')).toMatch(/^sig does not match/);
    expect(vonageSmsSignatureProblem(sign(params, 'md5hash'), SECRET, 'sha256')).toMatch(/TOCSIN_VONAGE_SIGNATURE_METHOD sha256/);
    expect(vonageSmsSignatureProblem(params, SECRET, 'sha256')).toMatch(/^no sig parameter/);
    const { timestamp: _t, ...untimed } = params;
    expect(vonageSmsSignatureProblem(sign(untimed), SECRET, 'sha256')).toBe('no timestamp parameter');
  });
});
