import type { Q } from '../core/db/index.js';

/**
 * The latest SMS messages the outbox holds for one phone number, newest first. The payload is
 * JSON text, so the number is matched as it is written there (`"to":"+15550001111"`) and the
 * caller checks the parsed payload. Only E.164 numbers come here, so the pattern has no wildcard.
 */
export async function recentSmsTo(q: Q, phone: string, limit: number): Promise<{ payload: string; created_at: number }[]> {
  if (!/^\+\d{7,15}$/.test(phone)) return [];
  return q
    .selectFrom('outbox_messages')
    .select(['payload', 'created_at'])
    .where('channel', '=', 'sms')
    .where('payload', 'like', `%"to":${JSON.stringify(phone)}%`)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
