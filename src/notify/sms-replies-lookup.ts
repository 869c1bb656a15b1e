import type { Kernel } from '../core/module.js';
import type { ChannelPayload } from './content.js';
import { recentSmsTo } from './sms-replies-store.js';

/** Who is answering and which incident, from the phone a reply came from and the code it gave. */
export interface ReplyLookup {
  /** `code` null: the latest page to that phone. Null when no page to that phone matches. */
  find(kernel: Kernel, phone: string, code: string | null): Promise<{ userId: string; incidentId: string } | null>;
}

/** How far back a reply may reach: the last pages to that number, not its whole history. */
const RECENT = 50;

/**
 * The default lookup reads the pages the outbox sent to that number: the page carries the person
 * it was for and its incident, so a reply can only act as the person the page went to, and only
 * from the phone it went to. The newest page with that code wins (codes are short and recur).
 */
export const outboxReplyLookup: ReplyLookup = {
  async find(kernel, phone, code) {
    for (const row of await recentSmsTo(kernel.db.kysely, phone, RECENT)) {
      const payload = parse(row.payload);
      const c = payload?.content;
      if (!payload || payload.to !== phone || !c?.userId || !c.incident?.id || !c.replyCode) continue;
      if (code === null ? c.kind === 'page' : c.replyCode.toUpperCase() === code) return { userId: c.userId, incidentId: c.incident.id };
    }
    return null;
  },
};

function parse(text: string): ChannelPayload | null {
  try {
    return JSON.parse(text) as ChannelPayload;
  } catch {
    return null;
  }
}
