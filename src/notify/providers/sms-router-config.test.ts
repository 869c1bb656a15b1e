import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors.js';
import { gatewaySettings, smsConfig, vonageSettings } from './sms-router-config.js';

const TWILIO = { TOCSIN_TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TOCSIN_TWILIO_AUTH_TOKEN: 't', TOCSIN_TWILIO_FROM: '+15557654321' };
const VONAGE = { TOCSIN_VONAGE_API_KEY: 'k', TOCSIN_VONAGE_API_SECRET: 's', TOCSIN_VONAGE_FROM: 'Tocsin' };
const GATEWAY = { TOCSIN_SMS_GATEWAY_URL: 'http://phone.lan:8080/message', TOCSIN_SMS_GATEWAY_BODY: '{"message":"{{text}}","phoneNumbers":["{{to}}"]}' };

const names = (env: Record<string, string>) => smsConfig(env)?.senders.map((s) => s.name);

/** The variable a ValidationError names. */
const refused = (env: Record<string, string>): string | undefined => {
  try {
    smsConfig(env);
  } catch (err) {
    if (err instanceof ValidationError) return err.field;
    throw err;
  }
  return undefined;
};

describe('SMS configuration from TOCSIN_* variables', () => {
  it('nothing configured: null (the channel stays unconfigured)', () => {
    expect(smsConfig({})).toBeNull();
  });

  it('every configured provider in the default order, or the order TOCSIN_SMS_PROVIDERS gives', () => {
    expect(names({ ...GATEWAY, ...VONAGE, ...TWILIO })).toEqual(['twilio', 'vonage', 'gateway']);
    expect(names({ ...GATEWAY, ...VONAGE, ...TWILIO, TOCSIN_SMS_PROVIDERS: 'vonage, gateway' })).toEqual(['vonage', 'gateway']);
  });

  it("Vonage's webhook signature: the account's secret, by the dashboard's method (MD5 hash unless set)", () => {
    expect(vonageSettings(VONAGE)).toMatchObject({ signatureSecret: null, signatureMethod: 'md5hash' });
    expect(vonageSettings({ ...VONAGE, TOCSIN_VONAGE_SIGNATURE_SECRET: 'sig', TOCSIN_VONAGE_SIGNATURE_METHOD: 'SHA256' })).toMatchObject({ signatureSecret: 'sig', signatureMethod: 'sha256' });
  });

  it('a gateway set up to post what it receives takes replies: its token, and where the sender and text are', () => {
    expect(smsConfig(GATEWAY)!.senders[0]!.takesReplies).toBe(false);
    const token = 'gateway-token-0123456789';
    expect(smsConfig({ ...GATEWAY, TOCSIN_SMS_GATEWAY_INBOUND_TOKEN: token })!.senders[0]!.takesReplies).toBe(true);
    expect(gatewaySettings({ ...GATEWAY, TOCSIN_SMS_GATEWAY_INBOUND_TOKEN: token })?.inbound).toEqual({ token, from: 'from', text: 'text', id: null, status: null });
    expect(gatewaySettings({ ...GATEWAY, TOCSIN_SMS_GATEWAY_INBOUND_TOKEN: token, TOCSIN_SMS_GATEWAY_INBOUND_FROM: 'payload.phoneNumber', TOCSIN_SMS_GATEWAY_INBOUND_ID: 'payload.messageId' })?.inbound)
      .toEqual({ token, from: 'payload.phoneNumber', text: 'text', id: 'payload.messageId', status: null });
    const status = { TOCSIN_SMS_GATEWAY_STATUS_ID: 'payload.messageId', TOCSIN_SMS_GATEWAY_STATUS_STATE: 'event', TOCSIN_SMS_GATEWAY_STATUS_DELIVERED: 'sms:delivered', TOCSIN_SMS_GATEWAY_STATUS_FAILED: 'sms:failed, Failed' };
    expect(gatewaySettings({ ...GATEWAY, TOCSIN_SMS_GATEWAY_INBOUND_TOKEN: token, ...status })?.inbound?.status).toEqual({ id: 'payload.messageId', state: 'event', delivered: ['sms:delivered'], failed: ['sms:failed', 'Failed'], reason: null });
  });

  it('routes and the per-provider timeout', () => {
    const c = smsConfig({ ...VONAGE, ...TWILIO, TOCSIN_SMS_ROUTES: '+44=vonage, +1=twilio', TOCSIN_SMS_TIMEOUT_MS: '5000' })!;
    expect(c.routes).toEqual([{ prefix: '+44', provider: 'vonage' }, { prefix: '+1', provider: 'twilio' }]);
    expect(c.perProviderTimeoutMs).toBe(5_000);
  });

  it.each([
    [{ ...TWILIO, TOCSIN_SMS_PROVIDERS: 'twilio,vonage' }, 'TOCSIN_SMS_PROVIDERS'],
    [{ ...TWILIO, TOCSIN_SMS_ROUTES: '+44=vonage' }, 'TOCSIN_SMS_ROUTES'],
    [{ ...TWILIO, TOCSIN_SMS_ROUTES: '44:twilio' }, 'TOCSIN_SMS_ROUTES'],
    [{ ...TWILIO, TOCSIN_SMS_TIMEOUT_MS: 'soon' }, 'TOCSIN_SMS_TIMEOUT_MS'],
    [{ ...TWILIO, TOCSIN_TWILIO_AUTH_TOKEN: '' }, 'TOCSIN_TWILIO_AUTH_TOKEN'],
    [{ TOCSIN_VONAGE_API_KEY: 'k' }, 'TOCSIN_VONAGE_API_SECRET'],
    [{ ...VONAGE, TOCSIN_VONAGE_FROM: 'A sender id that is too long' }, 'TOCSIN_VONAGE_FROM'],
    [{ ...VONAGE, TOCSIN_VONAGE_SIGNATURE_METHOD: 'sha384' }, 'TOCSIN_VONAGE_SIGNATURE_METHOD'],
    [{ ...GATEWAY, TOCSIN_SMS_GATEWAY_INBOUND_TOKEN: 'short' }, 'TOCSIN_SMS_GATEWAY_INBOUND_TOKEN'],
    [{ ...GATEWAY, TOCSIN_SMS_GATEWAY_INBOUND_TOKEN: 'has a space in it, 0123456789' }, 'TOCSIN_SMS_GATEWAY_INBOUND_TOKEN'],
    [{ ...GATEWAY, TOCSIN_SMS_GATEWAY_INBOUND_FROM: 'from' }, 'TOCSIN_SMS_GATEWAY_INBOUND_FROM'],
    [{ ...GATEWAY, TOCSIN_SMS_GATEWAY_STATUS_ID: 'id' }, 'TOCSIN_SMS_GATEWAY_STATUS_ID'],
    [{ ...GATEWAY, TOCSIN_SMS_GATEWAY_INBOUND_TOKEN: '0123456789abcdef', TOCSIN_SMS_GATEWAY_STATUS_ID: 'id' }, 'TOCSIN_SMS_GATEWAY_STATUS_STATE'],
    [{ ...GATEWAY, TOCSIN_SMS_GATEWAY_INBOUND_TOKEN: '0123456789abcdef', TOCSIN_SMS_GATEWAY_STATUS_ID: 'id', TOCSIN_SMS_GATEWAY_STATUS_STATE: 'state' }, 'TOCSIN_SMS_GATEWAY_STATUS_FAILED'],
    [{ ...GATEWAY, TOCSIN_SMS_GATEWAY_INBOUND_TOKEN: '0123456789abcdef', TOCSIN_SMS_GATEWAY_INBOUND_TEXT: '$.payload[0]' }, 'TOCSIN_SMS_GATEWAY_INBOUND_TEXT'],
    [{ ...VONAGE, TOCSIN_VONAGE_BASE_URL: 'rest.nexmo.com' }, 'TOCSIN_VONAGE_BASE_URL'],
    [{ TOCSIN_SMS_GATEWAY_URL: 'phone.lan/message' }, 'TOCSIN_SMS_GATEWAY_URL'],
    [{ ...GATEWAY, TOCSIN_SMS_GATEWAY_METHOD: 'PATCH' }, 'TOCSIN_SMS_GATEWAY_METHOD'],
    [{ ...GATEWAY, TOCSIN_SMS_GATEWAY_HEADERS: '{"x-n": 1}' }, 'TOCSIN_SMS_GATEWAY_HEADERS'],
    [{ ...GATEWAY, TOCSIN_SMS_GATEWAY_HEADERS: 'Authorization: Basic x' }, 'TOCSIN_SMS_GATEWAY_HEADERS'],
    [{ ...GATEWAY, TOCSIN_SMS_GATEWAY_BODY: '{"message": {{text}}}' }, 'TOCSIN_SMS_GATEWAY_BODY'],
    [{ ...GATEWAY, TOCSIN_SMS_GATEWAY_METHOD: 'GET' }, 'TOCSIN_SMS_GATEWAY_BODY'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(refused(env)).toBe(variable);
  });
});
