import { ProviderError, withTimeout, type OutboxMessage, type Provider } from '../core/outbox/index.js';

export interface NamedProvider<P> {
  name: string;
  provider: Provider<P>;
}

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));
const permanent = (err: unknown) => err instanceof ProviderError && err.kind === 'permanent';

/**
 * One `voice` provider over several, tried in order (or in `orderFor`'s, per message): a call that one cannot place (error,
 * timeout, refusal) goes to the next at once, because a person woken a minute later beats one
 * woken by a retry in five. Each gets its own timeout; the whole send gets their sum. When all
 * fail, the error names each one's reason and is permanent only if every one was (a wrong number
 * is not worth retrying; an outage is). The provider ref says which one placed the call.
 */
export function failoverProvider<P>(channel: string, chain: NamedProvider<P>[], orderFor?: (message: OutboxMessage<P>) => readonly string[]): Provider<P> {
  if (chain.length === 0) throw new Error('failoverProvider needs at least one provider');
  if (chain.length === 1) return chain[0]!.provider;
  // A message's own order (its number's route first), else the chain's.
  const ordered = (message: OutboxMessage<P>) => (orderFor ? orderFor(message).map((n) => chain.find((c) => c.name === n)!).filter(Boolean) : chain);
  return {
    channel,
    concurrency: Math.max(...chain.map((c) => c.provider.concurrency)),
    timeoutMs: chain.reduce((sum, c) => sum + c.provider.timeoutMs, 0),
    send: async (message: OutboxMessage<P>, opts) => {
      const failures: string[] = [];
      let allPermanent = true;
      let lastCode: number | undefined;
      const tried = ordered(message);
      for (const { name, provider } of tried) {
        if (opts.signal.aborted) break;
        try {
          const result = await withTimeout(provider.timeoutMs, (signal) => provider.send(message, { ...opts, signal }), opts.signal);
          return { ...result, providerRef: result.providerRef ? `${name}:${result.providerRef}` : undefined };
        } catch (err) {
          failures.push(`${name}: ${reason(err)}`);
          allPermanent &&= permanent(err);
          if (err instanceof ProviderError) lastCode = err.responseCode;
        }
      }
      const kind = allPermanent && failures.length === tried.length ? 'permanent' : 'transient';
      throw new ProviderError(`every ${channel} provider failed (${failures.join('; ') || 'aborted'})`, kind, lastCode);
    },
  };
}
