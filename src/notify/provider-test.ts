import type { Ctx } from '../core/context.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import { inTransaction } from '../core/events.js';
import { newId } from '../core/ids.js';
import type { Kernel } from '../core/module.js';
import { findMessageByKey, sendLater, type OutboxMessage, type OutboxStatus } from '../core/outbox/index.js';
import type { ChannelPayload } from './content.js';
import { normalizePhone } from './contacts/model.js';
import { normalizeEmail } from '../users/model.js';
import { emailSettings } from './channels/email.js';
import { smsConfig } from './providers/sms-router-config.js';
import { voiceSettings } from './voice-settings.js';

// An admin's test of one provider, alone: with failover, a broken second SMS or voice provider is
// otherwise found only on the night the first one fails. The message goes through that provider
// and no other (details.only), once (a test that fails should say so, not retry for an hour).
// Email has one provider, the SMTP server: its test is a way to check it without adding a
// contact method.

export const TESTABLE = ['email', 'sms', 'voice'] as const;
export type TestableChannel = (typeof TESTABLE)[number];

const KEY = 'provider-test:';

/** The providers configured on a channel, in failover order. */
export function channelProviders(kernel: Kernel, channel: TestableChannel): string[] {
  if (channel === 'email') return emailSettings(kernel.config.env) ? ['smtp'] : [];
  if (channel === 'sms') return smsConfig(kernel.config.env)?.senders.map((s) => s.name) ?? [];
  return voiceSettings(kernel.config.env).order;
}

export interface ProviderTestJson {
  id: string;
  channel: string;
  provider: string;
  to: string;
  /** The outbox's status: pending and sending are on their way; sent or delivered, the provider took it; failed, it did not. */
  status: OutboxStatus;
  /** The provider's id of the message or call, once it took it. */
  provider_ref: string | null;
  /** Why it failed, in the provider's words. */
  error: string | null;
}

function toJson(id: string, m: OutboxMessage<ChannelPayload>): ProviderTestJson {
  return {
    id,
    channel: m.channel,
    provider: String(m.payload.details?.provider ?? ''),
    to: m.payload.to,
    status: m.status,
    provider_ref: m.providerRef,
    error: m.status === 'failed' ? m.lastError : null,
  };
}

/** Sends a test through `provider` alone; 400 naming the field for a channel, provider or number that cannot be. */
export async function testProvider(ctx: Ctx, kernel: Kernel, input: { channel: string; provider: string; to: string }): Promise<ProviderTestJson> {
  if (!(TESTABLE as readonly string[]).includes(input.channel)) throw new ValidationError(`channel must be email, sms or voice (push and chat go to a person's own device or webhook), got "${input.channel}"`, 'channel');
  const channel = input.channel as TestableChannel;
  const providers = channelProviders(kernel, channel);
  if (!providers.includes(input.provider)) {
    throw new ValidationError(`provider must be one of the ${channel} providers configured here (${providers.join(', ') || 'none'}), got "${input.provider}"`, 'provider');
  }
  const to = channel === 'email' ? normalizeEmail(input.to, 'to') : normalizePhone(input.to, undefined, 'to');
  const who = ctx.actor.kind === 'user' ? ctx.actor.name : 'an admin';
  const text = `Tocsin: a test of ${input.provider} (${channel}), sent by ${who}. Nothing to do.`;
  const payload: ChannelPayload = { to, details: { provider: input.provider, only: true }, content: { kind: 'test', subject: `Tocsin: a test of ${input.provider}, sent by ${who}`, text } };
  const id = newId('ptest');
  const { message } = await inTransaction(ctx, (t) => sendLater(t, { channel, key: `${KEY}${id}`, payload, maxAttempts: 1, sendNow: true }));
  return toJson(id, message);
}

/** How a test went, by its id. */
export async function providerTestResult(kernel: Kernel, id: string): Promise<ProviderTestJson> {
  const m = /^ptest_[A-Za-z0-9]{1,40}$/.test(id) ? await findMessageByKey<ChannelPayload>(kernel.db.kysely, `${KEY}${id}`) : undefined;
  if (!m) throw new NotFoundError('Provider test', id);
  return toJson(id, m);
}
