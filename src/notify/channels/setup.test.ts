import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.js';
import type { Kernel } from '../../core/module.js';
import { CHANNELS } from './index.js';

// What the admins' channels page says for a given configuration: providers in order, the URLs
// to paste, what is missing; and never a secret.

const kernelWith = (env: Record<string, string>) =>
  ({ config: { env, publicUrl: (env.TOCSIN_PUBLIC_URL ?? 'http://localhost:8080').replace(/\/+$/, '') }, clock: new FakeClock('2026-01-05T09:00:00Z') }) as unknown as Kernel;
const setupOf = (channel: string, env: Record<string, string>) => CHANNELS.find((c) => c.channel === channel)!.setup(kernelWith(env));

const PUBLIC = { TOCSIN_PUBLIC_URL: 'https://tocsin.example.com' };
const TWILIO = { TOCSIN_TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`, TOCSIN_TWILIO_AUTH_TOKEN: 'twilio-secret-token', TOCSIN_TWILIO_FROM: '+15557654321' };
const VONAGE = { TOCSIN_VONAGE_API_KEY: 'k', TOCSIN_VONAGE_API_SECRET: 'vonage-api-secret', TOCSIN_VONAGE_FROM: '447700900001' };
const GATEWAY = { TOCSIN_SMS_GATEWAY_URL: 'https://sms.example.net/api/send?user=u&password=gateway-password&to={{to}}&text={{text}}', TOCSIN_SMS_GATEWAY_METHOD: 'GET' };

describe("the channels' setup", () => {
  it('nothing configured: each channel that needs an account says what to set', () => {
    for (const channel of ['email', 'sms', 'voice']) {
      const s = setupOf(channel, {});
      expect(s.providers).toEqual([]);
      expect(s.notes.join(' ')).toMatch(/set TOCSIN_/);
    }
  });

  it('SMS: the providers in failover order with their senders, the routes, where replies come in, and what is missing', () => {
    const s = setupOf('sms', { ...PUBLIC, ...TWILIO, ...VONAGE, ...GATEWAY, TOCSIN_SMS_ROUTES: '+44=vonage' });
    expect(s.providers).toEqual(['twilio, from +15557654321', 'vonage, from 447700900001', 'gateway, GET https://sms.example.net']);
    expect(s.routes).toEqual(['+44 → vonage']);
    expect(s.testable).toEqual(['twilio', 'vonage', 'gateway']);
    expect(s.callbacks.map((c) => [c.provider, c.url])).toEqual([['twilio', 'https://tocsin.example.com/notify/twilio/sms']]);
    expect(s.notes).toEqual([expect.stringMatching(/^Vonage: replies and delivery receipts are refused until TOCSIN_VONAGE_SIGNATURE_SECRET/), expect.stringMatching(/TOCSIN_SMS_GATEWAY_INBOUND_TOKEN/)]);
    const signed = setupOf('sms', { ...PUBLIC, ...VONAGE, ...GATEWAY, TOCSIN_VONAGE_SIGNATURE_SECRET: 's', TOCSIN_SMS_GATEWAY_INBOUND_TOKEN: 'gateway-token-0123456789' });
    expect(signed.callbacks.map((c) => [c.provider, c.url])).toEqual([
      ['vonage', 'https://tocsin.example.com/notify/vonage/sms'],
      ['gateway', 'https://tocsin.example.com/notify/sms-gateway/inbound'],
    ]);
    expect(signed.notes).toEqual([expect.stringMatching(/^The gateway reports no deliveries to Tocsin.*TOCSIN_SMS_GATEWAY_STATUS_\*/)]);
    const reporting = setupOf('sms', { ...PUBLIC, ...GATEWAY, TOCSIN_SMS_GATEWAY_INBOUND_TOKEN: 'gateway-token-0123456789', TOCSIN_SMS_GATEWAY_STATUS_ID: 'payload.messageId', TOCSIN_SMS_GATEWAY_STATUS_STATE: 'event', TOCSIN_SMS_GATEWAY_STATUS_FAILED: 'sms:failed' });
    expect(reporting.callbacks.map((c) => c.url)).toEqual(['https://tocsin.example.com/notify/sms-gateway/inbound', 'https://tocsin.example.com/notify/sms-gateway/status']);
    expect(reporting.notes).toEqual([]);
  });

  it('without TOCSIN_PUBLIC_URL, the channels that need it say so', () => {
    expect(setupOf('sms', TWILIO).notes).toEqual([expect.stringMatching(/^TOCSIN_PUBLIC_URL is not set, so providers cannot call Tocsin back.*no delivery reports arrive$/)]);
    expect(setupOf('voice', TWILIO).notes).toEqual(['TOCSIN_PUBLIC_URL is not set: twilio fetches what each call says from Tocsin, so calls through it cannot work until it is']);
    expect(setupOf('email', { TOCSIN_SMTP_URL: 'smtp://u:p@mail.example.com' }).notes).toEqual([expect.stringMatching(/links in pages point at localhost/)]);
    expect(setupOf('voice', { ...PUBLIC, ...TWILIO }).notes).toEqual([]);
  });

  it('voice: the providers in order, Asterisk by its host and trunk', () => {
    const s = setupOf('voice', { ...PUBLIC, ...TWILIO, TOCSIN_ARI_URL: 'http://asterisk.lan:8088', TOCSIN_ARI_USER: 'tocsin', TOCSIN_ARI_PASSWORD: 'ari-password', TOCSIN_ARI_TRUNK: 'carrier', TOCSIN_VOICE_PROVIDERS: 'ari,twilio' });
    expect(s.providers).toEqual(['asterisk (ARI) at http://asterisk.lan:8088, trunk carrier', 'twilio, from +15557654321']);
    expect(s.testable).toEqual(['ari', 'twilio']);
  });

  it('push: a note only where browsers refuse it (http on anything but localhost)', () => {
    expect(setupOf('push', PUBLIC).notes).toEqual([]);
    expect(setupOf('push', { TOCSIN_PUBLIC_URL: 'http://127.0.0.1:8080' }).notes).toEqual([]);
    expect(setupOf('push', { TOCSIN_PUBLIC_URL: 'http://tocsin.lan:8080' }).notes).toEqual([expect.stringMatching(/only to a page served over https/)]);
  });

  it('Slack buttons: the Interactivity URL once the signing secret is set; Mattermost’s, which its buttons name', () => {
    const mattermost = { provider: 'mattermost', purpose: expect.stringMatching(/nothing to paste; it must reach this URL/), url: 'https://tocsin.example.com/notify/mattermost/actions' };
    expect(setupOf('chat', PUBLIC).notes).toEqual([expect.stringMatching(/set TOCSIN_SLACK_SIGNING_SECRET/)]);
    expect(setupOf('chat', PUBLIC).callbacks).toEqual([mattermost]);
    expect(setupOf('chat', { ...PUBLIC, TOCSIN_SLACK_SIGNING_SECRET: 'slack-signing-secret-0123456789' }).callbacks).toEqual([
      { provider: 'slack', purpose: expect.stringMatching(/Interactivity request URL/), url: 'https://tocsin.example.com/notify/slack/interactions' },
      mattermost,
    ]);
  });

  it('no secret, password or token appears anywhere', () => {
    const env = { ...PUBLIC, ...TWILIO, ...VONAGE, ...GATEWAY, TOCSIN_SMTP_URL: 'smtps://mailer:smtp-password@mail.example.com:465', TOCSIN_VONAGE_SIGNATURE_SECRET: 'vonage-signature-secret', TOCSIN_SMS_GATEWAY_INBOUND_TOKEN: 'gateway-token-0123456789', TOCSIN_SLACK_SIGNING_SECRET: 'slack-signing-secret-0123456789' };
    const said = JSON.stringify(CHANNELS.map((c) => c.setup(kernelWith(env))));
    for (const secret of ['twilio-secret-token', 'vonage-api-secret', 'gateway-password', 'smtp-password', 'mailer', 'vonage-signature-secret', 'gateway-token-0123456789', 'slack-signing-secret']) expect(said).not.toContain(secret);
    expect(said).toContain('SMTP smtps://mail.example.com:465');
    expect(setupOf('email', { TOCSIN_SMTP_URL: 'smtp://mail.example.com' }).testable).toEqual(['smtp']);
  });
});
