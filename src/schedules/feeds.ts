import { createHash } from 'node:crypto';
import { Type } from 'typebox';
import { actorId, makeCtx, runner, systemActor, type Ctx } from '../core/context.js';
import { inTransaction } from '../core/events.js';
import { ForbiddenError, NotFoundError } from '../core/errors.js';
import { newSecret } from '../core/ids.js';
import type { App, Kernel } from '../core/module.js';
import { userNames } from '../users/service.js';
import { DAY, loadOne, peopleIn, requireRole } from './load.js';
import { calendar, type FeedEvent } from './ical.js';
import { shiftsOfUser } from './oncall.js';
import { shiftsFor } from './rules.js';
import * as store from './store.js';

// Calendar feeds: a secret link per schedule and per person, rotated by making a new one (the
// old link then answers 404). Only the link's SHA-256 is stored.

/** What a feed shows: the recent past and the months ahead. */
const PAST_MS = 30 * DAY;
const AHEAD_MS = 180 * DAY;

const hash = (secret: string): string => createHash('sha256').update(secret).digest('hex');
const nowOf = (ctx: Ctx): number => ctx.clock.now().getTime();

export async function rotateScheduleFeed(ctx: Ctx, scheduleId: string, baseUrl: string): Promise<{ url: string }> {
  requireRole(ctx, 'admin', 'Making a calendar link for a schedule');
  const secret = newSecret(24);
  await inTransaction(ctx, async (t) => {
    await loadOne(t.tx, scheduleId, 0, 0);
    await store.update(t.tx, scheduleId, { feed_token_hash: hash(secret) });
  });
  return { url: `${baseUrl}/calendar/schedules/${secret}.ics` };
}

export async function rotateUserFeed(ctx: Ctx, baseUrl: string): Promise<{ url: string }> {
  const userId = actorId(ctx.actor);
  if (ctx.actor.kind !== 'user' || !userId) throw new ForbiddenError('Only a person has a calendar');
  const secret = newSecret(24);
  await inTransaction(ctx, (t) => store.setUserFeed(t.tx, userId, hash(secret), nowOf(ctx)));
  return { url: `${baseUrl}/calendar/users/${secret}.ics` };
}

const uidOf = (scheduleId: string, start: number, userId: string | null): string => `${scheduleId}-${start}-${userId ?? 'nobody'}@tocsin`;

/** The schedule's final shifts as events (gaps included, so a calendar shows them too). */
export async function scheduleFeed(ctx: Ctx, secret: string): Promise<string | null> {
  const row = await store.findByFeedHash(runner(ctx), hash(secret));
  if (!row) return null;
  const now = nowOf(ctx);
  const { schedule } = await loadOne(runner(ctx), row.id, now - PAST_MS, now + AHEAD_MS);
  const people = await peopleIn(ctx, [schedule]);
  const events: FeedEvent[] = shiftsFor(schedule, now - PAST_MS, now + AHEAD_MS).map((s) => {
    const who = s.user_id && !people.inactive.has(s.user_id) ? (people.names.get(s.user_id) ?? s.user_id) : null;
    return { uid: uidOf(row.id, s.start, s.user_id), start: s.start, end: s.end, summary: who ? `On call: ${who} (${row.name})` : `Nobody on call (${row.name})` };
  });
  return calendar(`On call: ${row.name}`, events, now);
}

/** A person's shifts on every schedule. */
export async function userFeed(ctx: Ctx, secret: string): Promise<string | null> {
  const feed = await store.findUserFeed(runner(ctx), hash(secret));
  if (!feed) return null;
  const now = nowOf(ctx);
  const name = (await userNames(ctx, [feed.user_id])).get(feed.user_id) ?? feed.user_id;
  const shifts = await shiftsOfUser(ctx, feed.user_id, now - PAST_MS, now + AHEAD_MS);
  const events = shifts.map(({ loaded, shift }) => ({ uid: uidOf(loaded.row.id, shift.start, feed.user_id), start: shift.start, end: shift.end, summary: `On call: ${loaded.row.name}` }));
  return calendar(`${name}: on call`, events, now);
}

const FileParams = Type.Object({ file: Type.String({ maxLength: 100 }) });

/** `/calendar/schedules/<secret>.ics` and `/calendar/users/<secret>.ics`: the secret is the credential. */
export function registerCalendarRoutes(app: App, kernel: Kernel): void {
  const ctx = () => makeCtx(kernel, systemActor('calendar'), 'calendar', kernel.log);
  for (const [kind, read] of [
    ['schedules', scheduleFeed],
    ['users', userFeed],
  ] as const) {
    app.get(`/calendar/${kind}/:file`, { schema: { hide: true, params: FileParams } }, async (req, reply) => {
      const secret = /^([A-Za-z0-9_-]{16,64})\.ics$/.exec(req.params.file)?.[1];
      const body = secret ? await read(ctx(), secret) : null;
      if (body === null) throw new NotFoundError('Calendar');
      return reply.header('cache-control', 'private, max-age=300').type('text/calendar; charset=utf-8').send(body);
    });
  }
}
