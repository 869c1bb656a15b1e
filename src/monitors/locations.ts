import { roleAtLeast, runner, type Ctx } from '../core/context.js';
import { toIso } from '../core/clock.js';
import { inTransaction } from '../core/events.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors.js';
import { isUniqueViolation } from '../core/db/index.js';
import { newSecret } from '../core/ids.js';
import { hashSecret } from '../core/secrets.js';
import { actingRole } from '../users/service.js';
import { SILENT_AFTER_MS } from './evaluate.js';
import * as store from './store.js';

// Locations: the server itself, and `tocsin probe` agents elsewhere. A probe's token can do
// nothing but fetch its assignments and report results for its own location.

export const PROBE_TOKEN_PREFIX = 'tocsin_probe_';
const NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;

function requireAdmin(ctx: Ctx): void {
  if (!roleAtLeast(actingRole(ctx), 'admin')) throw new ForbiddenError('Managing probe locations needs the admin role');
}

export interface LocationJson {
  name: string;
  kind: 'server' | 'probe';
  last_seen_at: string | null;
  silent: boolean;
}

export async function listLocations(ctx: Ctx, silentAfterMs = SILENT_AFTER_MS): Promise<LocationJson[]> {
  const now = ctx.clock.now().getTime();
  return (await store.listLocations(runner(ctx))).map((l) => ({
    name: l.name,
    kind: l.kind,
    last_seen_at: toIso(l.last_seen_at === null ? null : Number(l.last_seen_at)),
    // A probe that stops reporting must not look like healthy targets: it is flagged, and its results stop counting.
    silent: l.kind === 'probe' && (l.last_seen_at === null || now - Number(l.last_seen_at) > silentAfterMs),
  }));
}

/** Adds a probe location; answers its token, shown this once. */
export async function addLocation(ctx: Ctx, rawName: string): Promise<LocationJson & { token: string }> {
  requireAdmin(ctx);
  const name = rawName.trim().toLowerCase();
  if (!NAME.test(name)) throw new ValidationError('name: lower-case letters, digits and dashes, up to 40, e.g. eu-west', 'name');
  const token = PROBE_TOKEN_PREFIX + newSecret(32);
  try {
    await inTransaction(ctx, async (t) => {
      const seq = await store.nextSeq(t.tx, 'location_seq');
      await store.insertLocation(t.tx, { name, seq, kind: 'probe', token_hash: hashSecret(token), created_at: t.clock.now().getTime() });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`A location named ${name} already exists`);
    throw err;
  }
  return { name, kind: 'probe', last_seen_at: null, silent: true, token };
}

export async function removeLocation(ctx: Ctx, name: string): Promise<void> {
  requireAdmin(ctx);
  if (name === 'server') throw new ConflictError('The server location is built in and cannot be removed');
  if ((await store.deleteLocation(ctx.db.kysely, name)) === 0) throw new NotFoundError('Location', name);
}

/** The probe location a token belongs to, or null; marks it seen. */
export async function probeOf(ctx: Ctx, token: string | undefined): Promise<{ name: string; seq: number } | null> {
  if (!token?.startsWith(PROBE_TOKEN_PREFIX)) return null;
  const loc = await store.findLocationByToken(ctx.db.kysely, hashSecret(token));
  if (!loc) return null;
  await store.touchLocation(ctx.db.kysely, loc.name, ctx.clock.now().getTime());
  return { name: loc.name, seq: Number(loc.seq) };
}
