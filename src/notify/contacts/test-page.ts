import type { Static } from 'typebox';
import { runner, type Ctx } from '../../core/context.js';
import { inTransaction } from '../../core/events.js';
import { ValidationError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { sendLater } from '../../core/outbox/index.js';
import { me } from './access.js';
import { payloadFor, testContent } from './model.js';
import type * as S from './schemas.js';
import { parseDetails } from './service.js';
import * as store from './store.js';

// "Send me a test page": one message of kind `test` to each verified, enabled method (or the one
// named), through the same outbox and providers a real page uses, so it proves the whole path.
// A method on a channel this server has stopped sending on (its settings removed after the
// method was verified) is not sent to and is named in `not_sent`: "sent" must mean it can arrive.

/** Puts the test messages in the outbox; each request's keys are its own, so every press sends. */
export async function sendTestPage(ctx: Ctx, input: { contact_method_id?: string }, sendable: ReadonlySet<string>): Promise<Static<typeof S.TestPageAnswer>> {
  const userId = me(ctx);
  const usable = (await store.methodsOf(runner(ctx), [userId])).filter((m) => m.verified_at !== null && m.disabled_at === null);
  const field = 'contact_method_id';
  const named = input.contact_method_id === undefined ? usable : usable.filter((m) => m.id === input.contact_method_id);
  if (input.contact_method_id !== undefined && named.length === 0) throw new ValidationError(`${field}: you have no verified contact method ${input.contact_method_id}`, field);
  if (named.length === 0) throw new ValidationError('You have no verified contact method to send a test page to', field);
  const chosen = named.filter((m) => sendable.has(m.channel));
  const notSent = named.filter((m) => !sendable.has(m.channel)).map((m) => ({ contact_method_id: m.id, channel: m.channel, reason: unsendable(m.channel) }));
  if (chosen.length === 0) throw new ValidationError(`No test page sent: ${[...new Set(notSent.map((n) => n.reason))].join('; ')}`, field);
  const press = newId('tp');
  return inTransaction(ctx, async (t) => {
    const messages = [];
    for (const m of chosen) {
      const step = { channel: m.channel, address: m.address, details: parseDetails(m.details), contact_method_id: m.id };
      const { message } = await sendLater(t, { channel: m.channel, key: `test:${m.id}:${press}`, payload: payloadFor(step, testContent(userId, m.channel)), maxAttempts: 5 });
      messages.push({ id: message.id, contact_method_id: m.id, channel: m.channel });
    }
    return { messages, not_sent: notSent };
  });
}

const unsendable = (channel: string) => `${channel} is not configured on this server, so no page can reach this method: ask an admin`;
