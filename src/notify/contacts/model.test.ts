import { describe, expect, it } from 'vitest';
import { checkCode, checkMethod, displayAddress, hashCode, MAX_CODE_ATTEMPTS, newCode, normalizePhone, payloadFor, type MethodInput } from './model.js';

describe('checkMethod', () => {
  it('lower-cases and trims an email', () => {
    expect(checkMethod({ channel: 'email', address: '  Ana@Example.COM ' })).toEqual({ channel: 'email', address: 'ana@example.com', details: null });
  });

  it.each([
    ['+44 7911 123456', undefined, '+447911123456'],
    ['+1 (415) 555-2671', undefined, '+14155552671'],
    ['0044 7911 123456', undefined, '+447911123456'],
    ['07911 123456', 'GB', '+447911123456'],
    ['07911 123456', 'gb', '+447911123456'],
    ['06 12 34 56 78', 'FR', '+33612345678'],
  ])('stores %s (country %s) as E.164 %s', (address, country, e164) => {
    expect(checkMethod({ channel: 'sms', address, country }).address).toBe(e164);
    expect(normalizePhone(address, country)).toBe(e164);
  });

  it.each<[MethodInput, string]>([
    [{ channel: 'email', address: 'not-an-email' }, 'address'],
    [{ channel: 'email', address: 'a@b' }, 'address'],
    [{ channel: 'email', address: 'a\u0000@b.com' }, 'address'],
    [{ channel: 'email', address: `${'a'.repeat(250)}@b.com` }, 'address'],
    [{ channel: 'sms', address: '07911 123456' }, 'address'],
    [{ channel: 'sms', address: '+44 12' }, 'address'],
    [{ channel: 'voice', address: 'call me' }, 'address'],
    [{ channel: 'sms', address: '07911 123456', country: 'Britain' }, 'country'],
    [{ channel: 'push', address: 'https://push.example/x' }, 'details.keys'],
    [{ channel: 'push', address: 'https://push.example/x', details: { keys: { p256dh: 'a b', auth: 'c' } } }, 'details.keys'],
    [{ channel: 'push', address: 'http://push.example/x', details: { keys: { p256dh: 'a', auth: 'c' } } }, 'address'],
    [{ channel: 'chat', address: 'https://hooks.slack.com/services/T/B/X', details: { format: 'irc' } }, 'details.format'],
    [{ channel: 'chat', address: 'https://user:pw@hooks.slack.com/x', details: { format: 'slack' } }, 'address'],
    [{ channel: 'chat', address: 'not a url', details: { format: 'slack' } }, 'address'],
    [{ channel: 'chat', address: `https://x.example/${'a'.repeat(3000)}`, details: { format: 'slack' } }, 'address'],
    [{ channel: 'pigeon' as 'email', address: 'x' }, 'channel'],
  ])('refuses %j naming %s', (input, field) => {
    expect(() => checkMethod(input)).toThrow(expect.objectContaining({ field }));
  });

  it('keeps only the push keys and the chat format', () => {
    expect(checkMethod({ channel: 'push', address: 'https://fcm.googleapis.com/fcm/send/abc', details: { keys: { p256dh: 'BPk', auth: 'x-_' }, extra: 1 } }).details).toEqual({ keys: { p256dh: 'BPk', auth: 'x-_' } });
    expect(checkMethod({ channel: 'chat', address: 'https://discord.com/api/webhooks/1/x', details: { format: 'discord', x: 2 } }).details).toEqual({ format: 'discord' });
  });
});

describe('payloadFor', () => {
  const content = { kind: 'page' as const, subject: '[SEV-1] #42 Checkout is down', text: 'Checkout is down.' };
  it('addresses the content to the method, with its details and id', () => {
    expect(payloadFor({ channel: 'push', address: 'https://p.example/1', details: { keys: { p256dh: 'a', auth: 'b' } }, contact_method_id: 'cm_1' }, content)).toEqual({
      to: 'https://p.example/1',
      details: { keys: { p256dh: 'a', auth: 'b' } },
      contactMethodId: 'cm_1',
      content,
    });
  });
  it('leaves details out when the channel has none', () => {
    expect(payloadFor({ channel: 'sms', address: '+447911123456', details: null, contact_method_id: 'cm_2' }, content)).toEqual({ to: '+447911123456', contactMethodId: 'cm_2', content });
  });
});

describe('verification codes', () => {
  const now = 1_000_000;
  const state = (over: Partial<Parameters<typeof checkCode>[0]> = {}) => ({ id: 'cm_1', verify_code_hash: hashCode('cm_1', '012345'), verify_expires_at: now + 1, verify_attempts: 0, ...over });

  it('are six digits, leading zeros kept', () => {
    for (let i = 0; i < 50; i++) expect(newCode()).toMatch(/^\d{6}$/);
  });
  it('depend on the method they were sent to', () => {
    expect(hashCode('cm_1', '123456')).not.toBe(hashCode('cm_2', '123456'));
  });
  it.each([
    ['012345', state(), 'ok'],
    [' 012345 ', state(), 'ok'],
    ['012346', state(), 'wrong'],
    ['012345', state({ verify_expires_at: now }), 'expired'],
    ['012345', state({ verify_attempts: MAX_CODE_ATTEMPTS }), 'exhausted'],
    ['012345', state({ verify_code_hash: null, verify_expires_at: null }), 'none'],
  ] as const)('code %j in %j is %s', (code, s, want) => {
    expect(checkCode(s, code, now)).toBe(want);
  });
});

it('shows push and chat addresses without their secret path', () => {
  expect(displayAddress('chat', 'https://hooks.slack.com/services/T/B/secret')).toBe('https://hooks.slack.com/…');
  expect(displayAddress('sms', '+447911123456')).toBe('+447911123456');
});
