import { describe, expect, it } from 'vitest';
import { ProviderError, type Provider } from '../core/outbox/index.js';
import { voiceMessage } from '../../test/support/voice-wire.js';
import { failoverProvider } from './voice-failover.js';

type Behaviour = 'ok' | 'permanent' | 'transient' | 'hang';

function fake(name: string, behaviour: Behaviour, calls: string[], timeoutMs = 1_000): { name: string; provider: Provider } {
  return {
    name,
    provider: {
      channel: 'voice',
      concurrency: 2,
      timeoutMs,
      send: (_m, { signal }) => {
        calls.push(name);
        if (behaviour === 'ok') return Promise.resolve({ providerRef: `${name}-ref`, responseCode: 201 });
        if (behaviour === 'hang') return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
        return Promise.reject(new ProviderError(`${name} said no`, behaviour, behaviour === 'permanent' ? 400 : 503));
      },
    },
  };
}

const send = (p: Provider) => p.send(voiceMessage(), { idempotencyKey: 'k', signal: AbortSignal.timeout(5_000) });

describe('voice failover', () => {
  it('the first provider that accepts places the call; its name prefixes the ref', async () => {
    const calls: string[] = [];
    const p = failoverProvider('voice', [fake('twilio', 'ok', calls), fake('ari', 'ok', calls)]);
    expect(await send(p)).toEqual({ providerRef: 'twilio:twilio-ref', responseCode: 201 });
    expect(calls).toEqual(['twilio']);
  });

  it("a message's own order (its number's route) comes first, failing over through the rest", async () => {
    const calls: string[] = [];
    const p = failoverProvider('voice', [fake('twilio', 'ok', calls), fake('vonage', 'transient', calls), fake('ari', 'ok', calls)], () => ['vonage', 'twilio', 'ari']);
    expect((await send(p)).providerRef).toBe('twilio:twilio-ref');
    expect(calls).toEqual(['vonage', 'twilio']);
  });

  it('a failing provider hands over to the next at once', async () => {
    const calls: string[] = [];
    const p = failoverProvider('voice', [fake('twilio', 'transient', calls), fake('ari', 'ok', calls)]);
    expect((await send(p)).providerRef).toBe('ari:ari-ref');
    expect(calls).toEqual(['twilio', 'ari']);
  });

  it('a hanging provider is given up at its own timeout, then the next is tried', async () => {
    const calls: string[] = [];
    const p = failoverProvider('voice', [fake('twilio', 'hang', calls, 100), fake('ari', 'ok', calls)]);
    const t0 = performance.now();
    expect((await send(p)).providerRef).toBe('ari:ari-ref');
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(p.timeoutMs).toBe(1_100);
  });

  it('all failing: one error naming each; permanent only when every one was', async () => {
    const calls: string[] = [];
    const mixed = await send(failoverProvider('voice', [fake('twilio', 'permanent', calls), fake('ari', 'transient', calls)])).catch((e: ProviderError) => e);
    expect(mixed).toBeInstanceOf(ProviderError);
    expect((mixed as ProviderError).kind).toBe('transient');
    expect((mixed as ProviderError).message).toBe('every voice provider failed (twilio: twilio said no; ari: ari said no)');
    const dead = await send(failoverProvider('voice', [fake('twilio', 'permanent', calls), fake('ari', 'permanent', calls)])).catch((e: ProviderError) => e);
    expect((dead as ProviderError).kind).toBe('permanent');
  });

  it('one provider is used as it is', () => {
    const only = fake('ari', 'ok', []);
    expect(failoverProvider('voice', [only])).toBe(only.provider);
  });
});
