import { ProviderError, withTimeout, type Provider, type ProviderStatus, type StatusQuery } from '../../core/outbox/index.js';
import { errorMessage } from '../../core/outbox/model.js';
import { smsText } from '../channels/sms-text.js';
import type { ChannelPayload } from '../content.js';
import { isE164, messageOrder, providerOrder, type NumberRoute } from './number-routes.js';
import type { SmsSender } from './sms-router-http.js';

/** A country (or any number prefix) sent through one provider first: `+44=vonage`. */
export type SmsRoute = NumberRoute;
export { providerOrder };

export interface SmsRouterOptions {
  /** Every configured provider, in failover order (TOCSIN_SMS_PROVIDERS). */
  senders: SmsSender[];
  routes: SmsRoute[];
  /** Each provider's own limit, so one that hangs leaves time for the next. */
  perProviderTimeoutMs: number;
  concurrency?: number;
}


/**
 * When every provider refused: transient if any of them may accept later (the outbox retries the
 * whole chain after the soonest Retry-After), permanent only when all said it can never work.
 */
function allFailed(failures: { name: string; err: unknown }[]): ProviderError {
  const said = failures.map((f) => (f.err instanceof ProviderError ? f.err.message : `${f.name}: ${errorMessage(f.err)}`)).join('; ');
  const transient = failures.filter((f) => !(f.err instanceof ProviderError) || f.err.kind === 'transient');
  const waits = transient.map((f) => (f.err instanceof ProviderError ? f.err.retryAfterMs : undefined)).filter((w): w is number => w !== undefined);
  // An HTTP code only when every provider answered: one that timed out may have the SMS, and an
  // attempt without a code is what makes the outbox ask before the retry (model.askBeforeSending).
  const last = failures.at(-1)?.err;
  const answered = failures.every((f) => f.err instanceof ProviderError && f.err.responseCode !== undefined);
  const code = answered && last instanceof ProviderError ? last.responseCode : undefined;
  return new ProviderError(said, transient.length ? 'transient' : 'permanent', code, transient.length && waits.length === transient.length ? Math.min(...waits) : undefined);
}

/**
 * The `sms` channel's one outbox provider: renders the page as one SMS segment (with the reply
 * instruction only for a provider whose replies reach Tocsin) and hands it to
 * the providers in route-then-failover order within the same attempt, each under its own
 * timeout. The first to accept wins and its name prefixes the ref (`twilio:SM...`), which is how
 * delivery callbacks find the message. A provider that timed out may still have sent it: the
 * next one then sends a second copy, the price of never leaving a page with one dead provider.
 */
export function createSmsRouter(opts: SmsRouterOptions): Provider<ChannelPayload> {
  const byName = new Map(opts.senders.map((s) => [s.name, s]));
  const order = opts.senders.map((s) => s.name);
  const orderFor = (payload: ChannelPayload): string[] => messageOrder(payload.to, payload.details, order, opts.routes);
  /**
   * After an attempt that got no answer: the provider that took it when its ref was recorded,
   * otherwise each provider that can be asked, in the order the send tried them (a provider that
   * timed out may have it as well as the next one). The first that has it settles the message
   * under its ref; a provider that cannot say is passed over; nobody has it: `unknown`, sent again.
   */
  const status = async ({ providerRef, message, since }: StatusQuery<ChannelPayload>, { signal }: { signal: AbortSignal }): Promise<ProviderStatus> => {
    const to = message.payload.to;
    const split = providerRef?.indexOf(':') ?? -1;
    const named = providerRef && split > 0 ? providerRef.slice(0, split) : null;
    for (const name of named ? [named] : orderFor(message.payload)) {
      const sender = byName.get(name);
      if (!sender?.status || signal.aborted) continue;
      const ref = named ? providerRef!.slice(split + 1) : null;
      const text = smsText(message.payload.content, sender.takesReplies);
      const said = await withTimeout(opts.perProviderTimeoutMs, (own) => sender.status!({ to, text, since, ref, signal: own }), signal).catch(() => null);
      if (said && said.state !== 'unknown') return { state: said.state, providerRef: `${name}:${said.providerRef ?? ref ?? message.key}` };
    }
    return { state: 'unknown' };
  };
  return {
    ...(opts.senders.some((s) => s.status) ? { status } : {}),
    channel: 'sms',
    concurrency: opts.concurrency ?? 8,
    timeoutMs: opts.perProviderTimeoutMs * Math.max(1, opts.senders.length) + 1_000,
    send: async (message, { idempotencyKey, signal }) => {
      const to = message.payload.to;
      if (!isE164(to)) throw new ProviderError(`not an E.164 phone number: ${to}`, 'permanent');
      const failures: { name: string; err: unknown }[] = [];
      for (const name of orderFor(message.payload)) {
        if (signal.aborted) break;
        try {
          const sender = byName.get(name)!;
          const text = smsText(message.payload.content, sender.takesReplies);
          const ref = await withTimeout(opts.perProviderTimeoutMs, (own) => sender.send({ to, text, idempotencyKey, signal: own }), signal);
          return { providerRef: `${name}:${ref ?? idempotencyKey}` };
        } catch (err) {
          failures.push({ name, err });
        }
      }
      throw allFailed(failures);
    },
  };
}
