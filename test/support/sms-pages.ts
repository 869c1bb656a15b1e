import { inTransaction } from '../../src/core/events.js';
import { sendLater } from '../../src/core/outbox/index.js';
import * as incidents from '../../src/incidents/service.js';
import type { ChannelPayload } from '../../src/notify/content.js';
import type { Harness } from './harness.js';

/**
 * An incident and the SMS page that went to `userId` at `phone` with a reply code, as paging
 * plans it (an outbox message on the sms channel); the clock then moves on a second, so that
 * the next page is the newer one.
 */
export async function smsPaged(h: Harness, userId: string, replyCode: string, phone: string, publicUrl: string) {
  const incident = await incidents.declare(h.ctx(), { title: `Checkout is down ${replyCode}`, severity: 'SEV-1' });
  const payload: ChannelPayload = {
    to: phone,
    content: {
      kind: 'page',
      subject: `[SEV-1] #${incident.number} ${incident.title}`,
      text: `[SEV-1] #${incident.number} ${incident.title}.`,
      userId,
      replyCode,
      incident: { id: incident.id, number: incident.number, title: incident.title, severity: 'SEV-1', status: 'triggered', url: `${publicUrl}/incidents/${incident.id}`, services: [] },
    },
  };
  const key = `page:${incident.id}:${userId}:sms`;
  await inTransaction(h.ctx(), (t) => sendLater(t, { channel: 'sms', key, payload }));
  h.clock.advance(1_000);
  return { incident, key };
}

/** How many answers to SMS replies (Vonage's, a gateway's, Twilio's format explanations) the outbox holds. */
export const repliesQueued = async (h: Harness): Promise<number> =>
  (await h.db.kysely.selectFrom('outbox_messages').select('key').where('key', 'like', 'sms-reply:%').execute()).length;
