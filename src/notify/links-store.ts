import type { Q } from '../core/db/index.js';
import { prepared } from '../core/db/prepared.js';
import type { PageLinksTable } from './links-tables.js';

// Action links of pages: the only place their SQL lives.

const LINK_COLUMNS = ['token_hash', 'user_id', 'incident_id', 'action', 'created_at', 'expires_at', 'used_at'] as const satisfies readonly (keyof PageLinksTable)[];
type LinkPair = Record<`${(typeof LINK_COLUMNS)[number]}_${0 | 1}`, unknown>;
// Every page inserts its two links (acknowledge, resolve): prepared once (core/db/prepared.ts).
const INSERT_PAIR = prepared((db, p: LinkPair) =>
  db.insertInto('page_links').values([0, 1].map((i) => Object.fromEntries(LINK_COLUMNS.map((c) => [c, p[`${c}_${i as 0 | 1}`]])) as unknown as PageLinksTable)),
);

export async function insertLinks(q: Q, rows: PageLinksTable[]): Promise<void> {
  if (rows.length === 2) {
    const pair = Object.fromEntries(rows.flatMap((r, i) => LINK_COLUMNS.map((c) => [`${c}_${i}`, r[c]]))) as LinkPair;
    await INSERT_PAIR.run(q, pair);
  } else if (rows.length > 0) await q.insertInto('page_links').values(rows).execute();
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

