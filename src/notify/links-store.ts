import type { Insertable } from 'kysely';
import type { Q } from '../core/db/index.js';
import type { PageLinksTable } from './links-tables.js';

// Action links of pages: the only place their SQL lives.

export async function insertLinks(q: Q, rows: Insertable<PageLinksTable>[]): Promise<void> {
  await q.insertInto('page_links').values(rows).execute();
}

export async function findByHash(q: Q, tokenHash: string) {
  return q.selectFrom('page_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/**
 * Marks a link used if it still can act, in one statement: of two clicks at once exactly one
 * gets the row back. Undefined when the link is unknown, used or expired.
 */
export async function claimLink(q: Q, tokenHash: string, now: number) {
  return q
    .updateTable('page_links')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>=', now)
    .returning(['user_id', 'incident_id', 'action'])
    .executeTakeFirst();
}

/** Gives a claimed link back when acting failed for a reason of ours (the database, a bug), not the person's. */
export async function releaseLink(q: Q, tokenHash: string, usedAt: number): Promise<void> {
  await q.updateTable('page_links').set({ used_at: null }).where('token_hash', '=', tokenHash).where('used_at', '=', usedAt).execute();
}

