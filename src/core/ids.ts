import { randomBytes, randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const ID_BYTES = 16;

// Ids take their random bytes from a pool filled 256 ids at a time: one call into the system's
// generator per id was 3% of a busy server's CPU (bench:ingest, bench:paging). Ids are not
// secrets (newSecret below does not use the pool).
const pool = Buffer.alloc(ID_BYTES * 256);
let used = pool.length;

/** Opaque, URL-safe ids with a readable prefix naming the noun, e.g. `inc_3k9...`. */
export function newId(prefix: string): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  let out = '';
  for (let i = used; i < used + ID_BYTES; i++) out += ALPHABET[pool[i]! & 31];
  used += ID_BYTES;
  return `${prefix}_${out}`;
}

/** A secret for tokens and sessions: 32 random bytes, base64url. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
