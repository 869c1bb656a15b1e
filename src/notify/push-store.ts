import { sql } from 'kysely';
import type { Q } from '../core/db/index.js';

// The push channel's SQL: its VAPID key pair in the settings table, and removing a subscription
// the push service says is gone.

/** One row holding both keys as JSON, so a reader never sees a public key without its private one. */
export const VAPID_SETTING_KEY = 'push_vapid_keys';

export async function findVapidKeys(q: Q): Promise<string | undefined> {
  const row = await q.selectFrom('settings').select('value').where('key', '=', VAPID_SETTING_KEY).executeTakeFirst();
  return row?.value;
}

/**
 * Keeps `value` unless a pair is stored already: two instances starting at once on one PostgreSQL
 * both generate a pair, and the first insert wins; both then read the winner back.
 */
export async function insertVapidKeysIfAbsent(q: Q, value: string): Promise<void> {
  await q
    .insertInto('settings')
    .values({ key: VAPID_SETTING_KEY, value })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

/**
 * A subscription the push service answered 404/410 for will never work again (the browser
 * unsubscribed, the app was uninstalled): it is removed so readiness shows the person needs
 * another method. Raw SQL because contact_methods belongs to the contacts domain (migration 0015).
 */
export async function deletePushSubscription(q: Q, contactMethodId: string): Promise<void> {
  await sql`delete from contact_methods where id = ${contactMethodId} and channel = 'push'`.execute(q);
}
