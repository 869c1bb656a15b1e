import { ProviderError, type Provider } from '../../core/outbox/index.js';

/** The provider of a channel nobody configured: every send fails permanently, saying what to set. */
export function unconfiguredProvider(channel: string, howTo: string): Provider {
  return {
    channel,
    concurrency: 1,
    timeoutMs: 1_000,
    send: () => Promise.reject(new ProviderError(`${channel} is not configured: ${howTo}`, 'permanent')),
  };
}
