import type { PageActionKind } from './actions.js';

/** Row type of `page_links` (migration 0016): one action link of a page. Times are epoch ms. */
export interface PageLinksTable {
  /** SHA-256 (hex) of the token in the link; the token itself is never stored. */
  token_hash: string;
  user_id: string;
  incident_id: string;
  action: PageActionKind;
  created_at: number;
  expires_at: number;
  /** Set once, when the link acts; null while it can still act. */
  used_at: number | null;
}

declare module '../core/db/schema.js' {
  interface Tables {
    page_links: PageLinksTable;
  }
}
