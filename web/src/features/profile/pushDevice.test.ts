import { describe, expect, it } from 'vitest';
import { contactMethodBody, decodeKey, pushSupport, sameKey, type BrowserFacts } from './pushDevice';

const capable: BrowserFacts = { secure: true, serviceWorker: true, pushManager: true, notification: true, permission: 'default', ios: false, standalone: false };

describe('push on this device', () => {
  it.each([
    [{}, 'ready'],
    [{ secure: false }, 'insecure'],
    [{ ios: true }, 'ios-install'],
    [{ ios: true, standalone: true }, 'ready'],
    [{ pushManager: false }, 'unsupported'],
    [{ notification: false }, 'unsupported'],
    [{ permission: 'denied' }, 'denied'],
    [{ permission: 'granted' }, 'ready'],
  ] as const)('%o → %s', (over, expected) => {
    expect(pushSupport({ ...capable, ...over })).toBe(expected);
  });

  it('decodes the URL-safe base64 VAPID key to its 65 bytes, and compares keys', () => {
    const raw = new Uint8Array(65).map((_, i) => (i * 37 + 251) % 256);
    const key = decodeKey(Buffer.from(raw).toString('base64url'));
    expect([...key]).toEqual([...raw]);
    expect(sameKey(key.buffer, raw)).toBe(true);
    expect(sameKey(new Uint8Array(65).buffer, raw)).toBe(false);
    expect(sameKey(null, raw)).toBe(false);
  });

  it('records the subscription as a push contact method; one without keys is refused', () => {
    const sub = { endpoint: 'https://fcm.googleapis.com/fcm/send/abc', expirationTime: null, keys: { p256dh: 'BPk', auth: 'au' } };
    expect(contactMethodBody(sub)).toEqual({ channel: 'push', address: sub.endpoint, details: { keys: { p256dh: 'BPk', auth: 'au' } }, label: 'This browser' });
    expect(() => contactMethodBody({ endpoint: sub.endpoint })).toThrow(/without keys/);
  });
});
