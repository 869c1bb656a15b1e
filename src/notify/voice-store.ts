import type { Q } from '../core/db/index.js';
import type { OutboxStatus } from '../core/outbox/index.js';
import type { ChannelPayload } from './content.js';

export interface VoiceCall {
  id: string;
  status: OutboxStatus;
  providerRef: string | null;
  payload: ChannelPayload;
}

/**
 * The voice message a call belongs to, by outbox id (the call's URL and ARI's appArgs carry it).
 * Read here because core/outbox exports no read by id; only `voice` messages, so a call URL cannot
 * be pointed at another channel's message.
 */
export async function findVoiceCall(q: Q, id: string): Promise<VoiceCall | undefined> {
  const row = await q
    .selectFrom('outbox_messages')
    .select(['id', 'status', 'provider_ref', 'payload'])
    .where('id', '=', id)
    .where('channel', '=', 'voice')
    .executeTakeFirst();
  if (!row) return undefined;
  return { id: row.id, status: row.status, providerRef: row.provider_ref, payload: JSON.parse(row.payload) as ChannelPayload };
}
