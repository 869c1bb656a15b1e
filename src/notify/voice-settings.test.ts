import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors.js';
import { ariSettings, voiceSettings } from './voice-settings.js';

const TWILIO = { TOCSIN_TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TOCSIN_TWILIO_AUTH_TOKEN: 't', TOCSIN_TWILIO_FROM: '+15550009999' };
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

  it('TOCSIN_VOICE_PROVIDERS sets the order and drops repeats', () => {
    expect(voiceSettings({ ...TWILIO, ...ARI, TOCSIN_VOICE_PROVIDERS: ' ari , twilio,ari' }).order).toEqual(['ari', 'twilio']);
    expect(voiceSettings({ ...TWILIO, ...ARI, TOCSIN_VOICE_PROVIDERS: 'ari' }).order).toEqual(['ari']);
  });

  it.each([
    [{ ...TWILIO, TOCSIN_VOICE_PROVIDERS: 'twilio,ari' }, 'TOCSIN_VOICE_PROVIDERS'],
    [{ ...TWILIO, TOCSIN_VOICE_PROVIDERS: 'twilio,vonage' }, 'TOCSIN_VOICE_PROVIDERS'],
    [{ ...ARI, TOCSIN_ARI_URL: 'pbx:8088' }, 'TOCSIN_ARI_URL'],
    [{ ...ARI, TOCSIN_ARI_USER: '' }, 'TOCSIN_ARI_USER'],
    [{ ...ARI, TOCSIN_ARI_PASSWORD: ' ' }, 'TOCSIN_ARI_PASSWORD'],
    [{ ...ARI, TOCSIN_ARI_TRUNK: 'car rier' }, 'TOCSIN_ARI_TRUNK'],
    [{ ...ARI, TOCSIN_ARI_APP: 'a/b' }, 'TOCSIN_ARI_APP'],
    [{ ...ARI, TOCSIN_ARI_TTS_URL: 'http://tts/speak' }, 'TOCSIN_ARI_TTS_URL'],
    [{ ...ARI, TOCSIN_VOICE_TIMEOUT_MS: '5s' }, 'TOCSIN_VOICE_TIMEOUT_MS'],
    [{ ...TWILIO, TOCSIN_TWILIO_FROM: '5550009999' }, 'TOCSIN_TWILIO_FROM'],
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
