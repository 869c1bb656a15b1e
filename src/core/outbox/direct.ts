import type { Ctx } from '../context.js';
import type { Database } from '../db/index.js';
import type { Claimed } from './attempt.js';

// Sending right after commit, without waiting for the dispatcher's next claim: for messages that
// must leave at once (a page). The message is inserted already claimed by this process
// (`sending`, a deadline, attempt 1) in the caller's transaction, and handed to this process's
// dispatcher once that transaction commits. A crash in between leaves a `sending` row the
// reconciler re-sends after its deadline, exactly as after a crash following a normal claim.

/** What a process's dispatcher offers sendLater: whether it can take a channel now, and the hand-over. */
export interface DirectSender {
  owner: string;
  /** The send's deadline for a message of this channel claimed at `now`, or null: leave it to the next claim. */
  deadlineFor(channel: string, now: number): number | null;
  start(claimed: Claimed, ctx: Ctx): void;
}

const senders = new WeakMap<Database, DirectSender>();

export function registerDirectSender(db: Database, sender: DirectSender): void {
  senders.set(db, sender);
}

export function unregisterDirectSender(db: Database, sender: DirectSender): void {
  if (senders.get(db) === sender) senders.delete(db);
}

export const directSenderFor = (db: Database): DirectSender | undefined => senders.get(db);
