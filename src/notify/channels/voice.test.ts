import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.js';
import { loadConfig } from '../../core/config.js';
import { ValidationError } from '../../core/errors.js';
import { silentLogger } from '../../core/log.js';
import type { Kernel } from '../../core/module.js';
import type { ProviderError } from '../../core/outbox/index.js';
import { startWireServer, voiceMessage } from '../../../test/support/voice-wire.js';
import { voiceChannel } from './voice.js';

const TWILIO = { TOCSIN_TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TOCSIN_TWILIO_AUTH_TOKEN: 't', TOCSIN_TWILIO_FROM: '+15550009999' };
const ARI = { TOCSIN_ARI_URL: 'http://pbx:8088', TOCSIN_ARI_USER: 'u', TOCSIN_ARI_PASSWORD: 'p', TOCSIN_ARI_TRUNK: 'carrier' };
// Only what the channel reads: its configuration, the clock and the log.
const kernel = (env: Record<string, string>) => ({ config: loadConfig(env), clock: new FakeClock(), log: silentLogger }) as unknown as Kernel;

describe('voice channel', () => {
  it('not configured: one provider that fails every call permanently, saying what to set; no workers', async () => {
    const k = kernel({});
    expect(voiceChannel.configured(k)).toBe(false);
    const [p] = voiceChannel.providers(k);
    const err = await p!.send(voiceMessage(), { idempotencyKey: 'k', signal: AbortSignal.timeout(1_000) }).catch((e: ProviderError) => e);
    expect((err as ProviderError).kind).toBe('permanent');
    expect((err as ProviderError).message).toContain('TOCSIN_TWILIO_ACCOUNT_SID');
    expect(voiceChannel.workers!(k)).toEqual([]);
  });

  it('Twilio and Asterisk: one voice provider over both (their timeouts summed), and the ARI event session', () => {
    const k = kernel({ ...TWILIO, ...ARI, TOCSIN_VOICE_TIMEOUT_MS: '3000' });
    expect(voiceChannel.configured(k)).toBe(true);
    const providers = voiceChannel.providers(k);
    expect(providers.map((p) => [p.channel, p.timeoutMs])).toEqual([['voice', 6_000]]);
    expect(voiceChannel.workers!(k).map((w) => w.name)).toEqual(['voice-ari-events']);
  });

  const VONAGE = {
    TOCSIN_VONAGE_APPLICATION_ID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    TOCSIN_VONAGE_PRIVATE_KEY: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    TOCSIN_VONAGE_SIGNATURE_SECRET: 's',
    TOCSIN_VONAGE_VOICE_FROM: '+447700900001',
  };
  const TWILIO_CALLS = `/2010-04-01/Accounts/${TWILIO.TOCSIN_TWILIO_ACCOUNT_SID}/Calls.json`;

  it('Twilio failing, Vonage next: the same call is placed through Vonage at once, and the ref says so', async () => {
    const wire = await startWireServer();
    try {
      wire.answer = (r) => (r.url === TWILIO_CALLS ? { status: 503, body: { message: 'down' } } : { status: 201, body: { uuid: 'call-1' } });
      const [p] = voiceChannel.providers(kernel({ ...TWILIO, TOCSIN_TWILIO_BASE_URL: wire.base, ...VONAGE, TOCSIN_VONAGE_VOICE_BASE_URL: wire.base }));
      const r = await p!.send(voiceMessage(), { idempotencyKey: 'k', signal: AbortSignal.timeout(5_000) });
      expect(r.providerRef).toBe('vonage:call-1');
      expect(wire.requests.map((q) => q.url)).toEqual([TWILIO_CALLS, '/v1/calls']);
    } finally {
      await wire.close();
    }
  });

  it('TOCSIN_VOICE_ROUTES: a UK number goes through Vonage first, a US one through Twilio (the default order)', async () => {
    const wire = await startWireServer();
    try {
      wire.answer = (r) => ({ status: 201, body: r.url === TWILIO_CALLS ? { sid: 'CA1' } : { uuid: 'call-1' } });
      const [p] = voiceChannel.providers(kernel({ ...TWILIO, TOCSIN_TWILIO_BASE_URL: wire.base, ...VONAGE, TOCSIN_VONAGE_VOICE_BASE_URL: wire.base, TOCSIN_VOICE_ROUTES: '+44=vonage' }));
      const send = (to: string) => p!.send(voiceMessage(to), { idempotencyKey: 'k', signal: AbortSignal.timeout(5_000) });
      expect((await send('+447700900123')).providerRef).toBe('vonage:call-1');
      expect((await send('+15551230001')).providerRef).toBe('twilio:CA1');
      expect(wire.requests.map((q) => q.url)).toEqual(['/v1/calls', TWILIO_CALLS]);
    } finally {
      await wire.close();
    }
  });

  it('Twilio only: no ARI session', () => {
    expect(voiceChannel.workers!(kernel({ ...TWILIO, ...ARI, TOCSIN_VOICE_PROVIDERS: 'twilio' }))).toEqual([]);
  });

  it('a bad variable stops the start, naming it', () => {
    expect(() => voiceChannel.providers(kernel({ ...TWILIO, TOCSIN_VOICE_PROVIDERS: 'ari' }))).toThrow(ValidationError);
  });
});
