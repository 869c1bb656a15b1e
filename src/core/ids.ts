import { randomBytes, randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const RANDOM_CHARS = 12;

// Ids take their random bytes from a pool filled 256 ids at a time: one call into the system's
// generator per id was 3% of a busy server's CPU (bench:ingest, bench:paging). Ids are not
// secrets (newSecret below does not use the pool).
const pool = Buffer.alloc(RANDOM_CHARS * 256);
let used = pool.length;

let madeAtMs = -1;
let madeAt = '';

/** The time an id is made, in 9 characters that sort as the times do (milliseconds, until the year 3084). */
function timePart(ms: number): string {
  if (ms === madeAtMs) return madeAt;
  let out = '';
  for (let i = 0, t = ms; i < 9; i++, t = Math.floor(t / 32)) out = ALPHABET[t % 32]! + out;
  madeAtMs = ms;
  return (madeAt = out);
}

/**
 * Opaque, URL-safe ids with a readable prefix naming the noun, e.g. `inc_0pk3v7x2m...`: the time
 * it was made, then 12 random characters (60 bits). Rows made together sit side by side in every
 * index on their id, so a commit of many new rows (an alert storm's group) writes one or two
 * index pages, where random ids dirtied a page each. Not domain time (that comes from the
 * clock): only an order for the indexes, so the process's own time serves.
 */
export function newId(prefix: string): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  let out = timePart(Date.now());
  for (let i = used; i < used + RANDOM_CHARS; i++) out += ALPHABET[pool[i]! & 31];
  used += RANDOM_CHARS;
  return `${prefix}_${out}`;
}

/** A secret for tokens and sessions: 32 random bytes, base64url. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
