import { createECDH } from 'node:crypto';
import webpush from 'web-push';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors.js';
import { generateVapidKeys, parseStoredKeys, vapidSettings } from './push-vapid.js';

const keys = generateVapidKeys();
const fieldOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).field;
  }
  throw new Error('expected a ValidationError');
};

describe('VAPID settings', () => {
  it('generates a P-256 pair: a 65-byte public point and a 32-byte private key, URL-safe base64', () => {
    expect(Buffer.from(keys.publicKey, 'base64url')).toHaveLength(65);
    expect(Buffer.from(keys.privateKey, 'base64url')).toHaveLength(32);
    expect(keys.publicKey).toMatch(/^[A-Za-z0-9_-]+$/);
    // A pair: the public point is the private key's, and web-push signs with it.
    for (const pair of [keys, ...Array.from({ length: 50 }, generateVapidKeys)]) {
      const ecdh = createECDH('prime256v1');
      ecdh.setPrivateKey(Buffer.from(pair.privateKey, 'base64url'));
      expect(ecdh.getPublicKey().toString('base64url')).toBe(pair.publicKey);
      expect(() => webpush.getVapidHeaders('https://push.example.test', 'mailto:ops@example.com', pair.publicKey, pair.privateKey, 'aes128gcm')).not.toThrow();
    }
  });

  it('takes the configured pair and subject', () => {
    const env = { TOCSIN_VAPID_PUBLIC_KEY: keys.publicKey, TOCSIN_VAPID_PRIVATE_KEY: ` ${keys.privateKey} `, TOCSIN_VAPID_SUBJECT: 'mailto:ops@example.com' };
    expect(vapidSettings(env, 'http://localhost:8080')).toEqual({ subject: 'mailto:ops@example.com', keys });
  });

  it('without keys, none (they are generated and stored); the subject defaults to an https public URL', () => {
    expect(vapidSettings({}, 'https://tocsin.example.com')).toEqual({ subject: 'https://tocsin.example.com' });
    expect(vapidSettings({}, 'http://localhost:8080')).toEqual({ subject: 'mailto:tocsin@localhost' });
  });

  it('refuses a bad variable by name', () => {
    expect(fieldOf(() => vapidSettings({ TOCSIN_VAPID_PUBLIC_KEY: keys.publicKey }, 'x'))).toBe('TOCSIN_VAPID_PRIVATE_KEY');
    expect(fieldOf(() => vapidSettings({ TOCSIN_VAPID_PRIVATE_KEY: keys.privateKey }, 'x'))).toBe('TOCSIN_VAPID_PUBLIC_KEY');
    expect(fieldOf(() => vapidSettings({ TOCSIN_VAPID_PUBLIC_KEY: keys.privateKey, TOCSIN_VAPID_PRIVATE_KEY: keys.privateKey }, 'x'))).toBe('TOCSIN_VAPID_PUBLIC_KEY');
    expect(fieldOf(() => vapidSettings({ TOCSIN_VAPID_PUBLIC_KEY: keys.publicKey, TOCSIN_VAPID_PRIVATE_KEY: `${keys.privateKey}=` }, 'x'))).toBe('TOCSIN_VAPID_PRIVATE_KEY');
    for (const subject of ['ops@example.com', 'http://example.com', 'mailto:nobody', 'https://']) {
      expect(fieldOf(() => vapidSettings({ TOCSIN_VAPID_SUBJECT: subject }, 'x'))).toBe('TOCSIN_VAPID_SUBJECT');
    }
  });

  it('reads a stored pair back, and nothing from a row that is not one', () => {
    expect(parseStoredKeys(JSON.stringify(keys))).toEqual(keys);
    expect(parseStoredKeys(undefined)).toBeUndefined();
    expect(parseStoredKeys('not json')).toBeUndefined();
    expect(parseStoredKeys('{"publicKey":1}')).toBeUndefined();
  });
});
