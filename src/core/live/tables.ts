import type { Generated } from 'kysely';

// The live relay's table (row type); it joins the kernel's Tables below.

export interface LiveRelayTable {
  /** Ascending; readers remember the last one they saw. */
  seq: Generated<number>;
  /** The instance that published it, so it skips its own echo. */
  origin: string;
  topic: string;
  data: string;
  at: number;
}

declare module '../db/schema.js' {
  interface Tables {
    live_relay: LiveRelayTable;
  }
}
