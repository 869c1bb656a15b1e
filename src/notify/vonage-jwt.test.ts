import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { applicationJwt, hs256, payloadHash, webhookJwtProblem } from './vonage-jwt.js';

const SECRET = 'vonage-signature-secret';
const NOW = 1_800_000_000;
const body = JSON.stringify({ dtmf: { digits: '4', timed_out: false }, uuid: 'call-1' });
const signed = (claims: Record<string, unknown>, secret = SECRET) => `Bearer ${hs256(secret, claims)}`;
const good = { iat: NOW - 2, jti: 'j1', iss: 'Vonage', payload_hash: payloadHash(body) };

describe("Vonage's JWTs", () => {
  it('a request token: RS256 under the application key, its id, issued now for five minutes, verifiable with the public key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const token = applicationJwt('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', privateKey, NOW, 'jti-1');
    const [head, claims, sig] = token.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(head, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(claims, 'base64url').toString())).toEqual({ application_id: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', iat: NOW, exp: NOW + 300, jti: 'jti-1' });
    expect(verify('sha256', Buffer.from(`${head}.${claims}`), publicKey, Buffer.from(sig, 'base64url'))).toBe(true);
  });

  it("a callback signed by Vonage for this body is accepted", () => {
    expect(webhookJwtProblem(SECRET, signed(good), body, NOW)).toBeNull();
  });

  it.each([
    ['no header', undefined, 'no bearer token'],
    ['another secret', signed(good, 'not-the-secret'), 'bad signature'],
    ['signed for another body (1 pressed, 4 sent)', signed({ ...good, payload_hash: payloadHash(body.replace('"4"', '"1"')) }), 'the body is not the one signed'],
    ['no payload hash', signed({ iat: NOW }), 'the body is not the one signed'],
    ['replayed an hour later', signed({ ...good, iat: NOW - 3600 }), 'issued too long ago (or ahead)'],
    ['not a JWT', 'Bearer abc.def', 'not a JWT'],
    ['garbage parts', 'Bearer a.b.c', 'not a JWT'],
  ])('refuses %s', (_what, header, problem) => {
    expect(webhookJwtProblem(SECRET, header, body, NOW)).toBe(problem);
  });

  it('the algorithm is not the token\'s to choose: "none" and RS256 headers are refused', () => {
    const claims = Buffer.from(JSON.stringify(good)).toString('base64url');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${claims}.`;
    expect(webhookJwtProblem(SECRET, `Bearer ${none}`, body, NOW)).toBe('not HS256');
    const [, , sig] = hs256(SECRET, good).split('.');
    const rs = `${Buffer.from(JSON.stringify({ alg: 'RS256' })).toString('base64url')}.${claims}.${sig}`;
    expect(webhookJwtProblem(SECRET, `Bearer ${rs}`, body, NOW)).toBe('not HS256');
  });
});
