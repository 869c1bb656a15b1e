import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors.js';
import { ariSettings, voiceSettings, vonageVoiceSettings } from './voice-settings.js';

const TWILIO = { TOCSIN_TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TOCSIN_TWILIO_AUTH_TOKEN: 't', TOCSIN_TWILIO_FROM: '+15550009999' };
const PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const VONAGE = { TOCSIN_VONAGE_APPLICATION_ID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', TOCSIN_VONAGE_PRIVATE_KEY: PEM, TOCSIN_VONAGE_SIGNATURE_SECRET: 's', TOCSIN_VONAGE_VOICE_FROM: '+447700900001' };
const ARI = { TOCSIN_ARI_URL: 'http://pbx:8088/ari/', TOCSIN_ARI_USER: 'tocsin', TOCSIN_ARI_PASSWORD: 'pw', TOCSIN_ARI_TRUNK: 'carrier' };

const refusedVariable = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.field;
    throw err;
  }
  return undefined;
};

describe('voice settings', () => {
  it('nothing configured: no providers (the channel fails loudly instead)', () => {
    expect(voiceSettings({}).order).toEqual([]);
  });

  it('both configured, no order given: Twilio first, then Asterisk', () => {
    expect(voiceSettings({ ...TWILIO, ...ARI }).order).toEqual(['twilio', 'ari']);
  });

  it('all three configured: Twilio, Vonage, then Asterisk; an order can name Vonage', () => {
    expect(voiceSettings({ ...TWILIO, ...VONAGE, ...ARI }).order).toEqual(['twilio', 'vonage', 'ari']);
    expect(voiceSettings({ ...TWILIO, ...VONAGE, TOCSIN_VOICE_PROVIDERS: 'vonage,twilio' }).order).toEqual(['vonage', 'twilio']);
  });

  it('Vonage: the key as PEM, as one line with \\n, or as the path of its file; the number from TOCSIN_VONAGE_FROM; the API at api.nexmo.com', () => {
    const s = vonageVoiceSettings({ ...VONAGE, TOCSIN_VONAGE_VOICE_FROM: '', TOCSIN_VONAGE_FROM: '+447700900002' })!;
    expect([s.applicationId, s.from, s.baseUrl, s.privateKey.asymmetricKeyType]).toEqual(['aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', '447700900002', 'https://api.nexmo.com', 'rsa']);
    expect(vonageVoiceSettings({ ...VONAGE, TOCSIN_VONAGE_PRIVATE_KEY: PEM.trim().replaceAll('\n', '\\n') })!.privateKey.asymmetricKeyType).toBe('rsa');
    const file = join(mkdtempSync(join(tmpdir(), 'tocsin-key-')), 'private.key');
    writeFileSync(file, PEM);
    expect(vonageVoiceSettings({ ...VONAGE, TOCSIN_VONAGE_PRIVATE_KEY: file })!.privateKey.asymmetricKeyType).toBe('rsa');
    expect(vonageVoiceSettings({ TOCSIN_VONAGE_API_KEY: 'k' })).toBeNull();
  });

  it('TOCSIN_VOICE_ROUTES sends numbers of a country through one provider first', () => {
    expect(voiceSettings({ ...TWILIO, ...VONAGE, TOCSIN_VOICE_ROUTES: '+44=vonage, +1=twilio' }).routes).toEqual([
      { prefix: '+44', provider: 'vonage' },
      { prefix: '+1', provider: 'twilio' },
    ]);
    expect(voiceSettings(TWILIO).routes).toEqual([]);
  });

  it('TOCSIN_VOICE_PROVIDERS sets the order and drops repeats', () => {
    expect(voiceSettings({ ...TWILIO, ...ARI, TOCSIN_VOICE_PROVIDERS: ' ari , twilio,ari' }).order).toEqual(['ari', 'twilio']);
    expect(voiceSettings({ ...TWILIO, ...ARI, TOCSIN_VOICE_PROVIDERS: 'ari' }).order).toEqual(['ari']);
  });

  it.each([
    [{ ...TWILIO, TOCSIN_VOICE_PROVIDERS: 'twilio,ari' }, 'TOCSIN_VOICE_PROVIDERS'],
    [{ ...TWILIO, TOCSIN_VOICE_PROVIDERS: 'twilio,vonage' }, 'TOCSIN_VOICE_PROVIDERS'],
    [{ ...TWILIO, TOCSIN_VOICE_ROUTES: '+44=vonage' }, 'TOCSIN_VOICE_ROUTES'],
    [{ ...TWILIO, ...VONAGE, TOCSIN_VOICE_PROVIDERS: 'twilio', TOCSIN_VOICE_ROUTES: '+44=vonage' }, 'TOCSIN_VOICE_ROUTES'],
    [{ ...TWILIO, TOCSIN_VOICE_ROUTES: '44:twilio' }, 'TOCSIN_VOICE_ROUTES'],
    [{ ...ARI, TOCSIN_ARI_URL: 'pbx:8088' }, 'TOCSIN_ARI_URL'],
    [{ ...ARI, TOCSIN_ARI_USER: '' }, 'TOCSIN_ARI_USER'],
    [{ ...ARI, TOCSIN_ARI_PASSWORD: ' ' }, 'TOCSIN_ARI_PASSWORD'],
    [{ ...ARI, TOCSIN_ARI_TRUNK: 'car rier' }, 'TOCSIN_ARI_TRUNK'],
    [{ ...ARI, TOCSIN_ARI_APP: 'a/b' }, 'TOCSIN_ARI_APP'],
    [{ ...ARI, TOCSIN_ARI_TTS_URL: 'http://tts/speak' }, 'TOCSIN_ARI_TTS_URL'],
    [{ ...ARI, TOCSIN_VOICE_TIMEOUT_MS: '5s' }, 'TOCSIN_VOICE_TIMEOUT_MS'],
    [{ ...TWILIO, TOCSIN_TWILIO_FROM: '5550009999' }, 'TOCSIN_TWILIO_FROM'],
    [{ ...TWILIO, TOCSIN_VOICE_PROVIDERS: 'twilio,vonage' }, 'TOCSIN_VOICE_PROVIDERS'],
    [{ ...TWILIO, TOCSIN_VOICE_ROUTES: '+44=vonage' }, 'TOCSIN_VOICE_ROUTES'],
    [{ ...TWILIO, ...VONAGE, TOCSIN_VOICE_PROVIDERS: 'twilio', TOCSIN_VOICE_ROUTES: '+44=vonage' }, 'TOCSIN_VOICE_ROUTES'],
    [{ ...TWILIO, TOCSIN_VOICE_ROUTES: '44:twilio' }, 'TOCSIN_VOICE_ROUTES'],
    [{ ...VONAGE, TOCSIN_VONAGE_APPLICATION_ID: 'app-1' }, 'TOCSIN_VONAGE_APPLICATION_ID'],
    [{ ...VONAGE, TOCSIN_VONAGE_PRIVATE_KEY: '' }, 'TOCSIN_VONAGE_PRIVATE_KEY'],
    [{ ...VONAGE, TOCSIN_VONAGE_PRIVATE_KEY: '/nonexistent/private.key' }, 'TOCSIN_VONAGE_PRIVATE_KEY'],
    [{ ...VONAGE, TOCSIN_VONAGE_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----' }, 'TOCSIN_VONAGE_PRIVATE_KEY'],
    [{ ...VONAGE, TOCSIN_VONAGE_PRIVATE_KEY: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }, 'TOCSIN_VONAGE_PRIVATE_KEY'],
    [{ ...VONAGE, TOCSIN_VONAGE_SIGNATURE_SECRET: ' ' }, 'TOCSIN_VONAGE_SIGNATURE_SECRET'],
    [{ ...VONAGE, TOCSIN_VONAGE_VOICE_FROM: 'Tocsin' }, 'TOCSIN_VONAGE_VOICE_FROM'],
    [{ ...VONAGE, TOCSIN_VONAGE_VOICE_BASE_URL: 'api.nexmo.com' }, 'TOCSIN_VONAGE_VOICE_BASE_URL'],
  ])('refuses a bad setting by name (%#)', (env, name) => {
    expect(refusedVariable(() => voiceSettings(env))).toBe(name);
  });

  it('ARI: the URL loses a trailing /ari, the app defaults to tocsin, prompts to sound:tocsin-*', () => {
    expect(ariSettings(ARI)).toEqual({
      url: 'http://pbx:8088',
      user: 'tocsin',
      password: 'pw',
      trunk: 'carrier',
      app: 'tocsin',
      callerId: null,
      ttsUrl: null,
      soundPrefix: 'sound:tocsin-',
    });
  });

  it('the timeout defaults to 10 s and takes a value', () => {
    expect(voiceSettings(TWILIO).timeoutMs).toBe(10_000);
    expect(voiceSettings({ ...TWILIO, TOCSIN_VOICE_TIMEOUT_MS: '2500' }).timeoutMs).toBe(2_500);
  });
});
