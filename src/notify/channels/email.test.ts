import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors.js';
import { DEFAULT_FROM, emailSettings } from './email.js';

const refused = (env: Record<string, string>): ValidationError => {
  try {
    emailSettings(env);
  } catch (err) {
    return err as ValidationError;
  }
  throw new Error('expected a ValidationError');
};

describe('emailSettings (TOCSIN_SMTP_*)', () => {
  it('is unconfigured without TOCSIN_SMTP_URL', () => {
    expect(emailSettings({})).toBeNull();
    expect(emailSettings({ TOCSIN_SMTP_URL: '  ', TOCSIN_SMTP_FROM: 'a@b.c' })).toBeNull();
  });

  it('takes an smtp or smtps URL, with defaults for the sender and the timeout', () => {
    expect(emailSettings({ TOCSIN_SMTP_URL: 'smtp://mail.example.com:587' })).toEqual({ smtpUrl: 'smtp://mail.example.com:587', from: DEFAULT_FROM, timeoutMs: 20_000 });
    const s = emailSettings({ TOCSIN_SMTP_URL: 'smtps://u:p%40ss@mail.example.com', TOCSIN_SMTP_FROM: 'On call <oncall@example.com>', TOCSIN_SMTP_TIMEOUT_MS: '5000' });
    expect(s).toMatchObject({ from: 'On call <oncall@example.com>', timeoutMs: 5_000 });
    expect(emailSettings({ TOCSIN_SMTP_URL: 'smtp://h', TOCSIN_SMTP_FROM: 'pager@example.com' })?.from).toBe('pager@example.com');
  });

  it.each([['http://mail.example.com'], ['smtp://'], ['mail.example.com:25'], ['smtp://:25']])('refuses TOCSIN_SMTP_URL=%s, naming the variable', (url) => {
    const err = refused({ TOCSIN_SMTP_URL: url });
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.field).toBe('TOCSIN_SMTP_URL');
  });

  it('never repeats the URL (it holds the password) in the message', () => {
    expect(refused({ TOCSIN_SMTP_URL: 'ftp://user:s3cret@host' }).message).not.toContain('s3cret');
  });

  it.each([['not an address'], ['a@b.c\r\nBcc: x@y.z'], ['<>']])('refuses TOCSIN_SMTP_FROM=%j', (from) => {
    expect(refused({ TOCSIN_SMTP_URL: 'smtp://h', TOCSIN_SMTP_FROM: from }).field).toBe('TOCSIN_SMTP_FROM');
  });

  it.each([['0'], ['999'], ['1.5'], ['soon'], ['300001']])('refuses TOCSIN_SMTP_TIMEOUT_MS=%s', (t) => {
    expect(refused({ TOCSIN_SMTP_URL: 'smtp://h', TOCSIN_SMTP_TIMEOUT_MS: t }).field).toBe('TOCSIN_SMTP_TIMEOUT_MS');
  });
});
