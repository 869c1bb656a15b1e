import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors.js';
import { chatSettings } from './chat-settings.js';

describe('chat settings', () => {
  it('defaults: no Slack app, product hosts only, 10 s timeout, 8 at once', () => {
    expect(chatSettings({})).toEqual({ slackSigningSecret: null, anyHost: false, timeoutMs: 10_000, concurrency: 8 });
  });

  it('reads every variable', () => {
    const env = { TOCSIN_SLACK_SIGNING_SECRET: ' 8f742231b10e8888abcd99yyyzzz85a5 ', TOCSIN_CHAT_ANY_HOST: 'yes', TOCSIN_CHAT_TIMEOUT_MS: '5000', TOCSIN_CHAT_CONCURRENCY: '2' };
    expect(chatSettings(env)).toEqual({ slackSigningSecret: '8f742231b10e8888abcd99yyyzzz85a5', anyHost: true, timeoutMs: 5_000, concurrency: 2 });
  });

  it.each([
    ['TOCSIN_SLACK_SIGNING_SECRET', 'A0123'],
    ['TOCSIN_CHAT_ANY_HOST', 'maybe'],
    ['TOCSIN_CHAT_TIMEOUT_MS', '10s'],
    ['TOCSIN_CHAT_CONCURRENCY', '0'],
  ])('refuses a bad %s by name', (name, value) => {
    try {
      chatSettings({ [name]: value });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).field).toBe(name);
    }
  });
});
