import type { Static } from 'typebox';
import { toIso } from '../core/clock.js';
import { actorId, runner, type Ctx } from '../core/context.js';
import { isUniqueViolation } from '../core/db/index.js';
import { inTransaction } from '../core/events.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { findActiveUserRef, existingUserIds } from '../users/service.js';
import { parseTime } from '../users/model.js';
import { loadOne, MAX_RANGE_MS, DAY, requireRole } from './load.js';
import { suggestCover } from './oncall.js';
import type * as S from './schemas.js';
import * as store from './store.js';
import type { ScheduleCoverRequestsTable, ScheduleOverridesTable } from './tables.js';
import { toOverrideJson, type OverrideJson } from './view.js';

// Overrides (someone covers a range) and cover requests (a person asks, another takes it).

type CoverRequestJson = Static<typeof S.CoverRequestSchema>;

const nowOf = (ctx: Ctx): number => ctx.clock.now().getTime();

/** A [start, end) range from the API, each end naming its field. */
function checkRange(startRaw: string, endRaw: string): { start: number; end: number } {
  const start = parseTime(startRaw, 'start');
  const end = parseTime(endRaw, 'end');
  if (end <= start) throw new ValidationError('end must be after start', 'end');
  if (end - start > MAX_RANGE_MS) throw new ValidationError(`a range may span at most ${MAX_RANGE_MS / DAY} days`, 'end');
  return { start, end };
}

function me(ctx: Ctx): string {
  const id = actorId(ctx.actor);
  if (ctx.actor.kind !== 'user' || !id) throw new ForbiddenError('Only a person can do this');
  return id;
}

export async function createOverride(ctx: Ctx, scheduleId: string, input: { user_id: string; replaces?: string | null; start: string; end: string }): Promise<OverrideJson> {
  requireRole(ctx, 'responder', 'Overriding a schedule');
  const { start, end } = checkRange(input.start, input.end);
  await loadOne(runner(ctx), scheduleId, 0, 0);
  if (!(await findActiveUserRef(ctx, input.user_id))) throw new ValidationError(`user_id: there is no active user ${input.user_id}`, 'user_id');
  const replaces = input.replaces ?? null;
  // Covering your own turns changes nothing and would show as cover in the calendar.
  if (replaces === input.user_id) throw new ValidationError('replaces: an override puts someone else on call; user_id and replaces are the same person', 'replaces');
  if (replaces && !(await existingUserIds(ctx, [replaces])).has(replaces)) throw new ValidationError(`replaces: there is no user ${replaces}`, 'replaces');
  const now = nowOf(ctx);
  const row: ScheduleOverridesTable = { id: newId('ovr'), schedule_id: scheduleId, user_id: input.user_id, replaces, starts_at: start, ends_at: end, created_by: actorId(ctx.actor), cover_request_id: null, created_at: now };
  await inTransaction(ctx, async (t) => {
    await loadOne(t.tx, scheduleId, 0, 0);
    await store.insertOverride(t.tx, row);
  });
  return toOverrideJson(row);
}

export async function deleteOverride(ctx: Ctx, scheduleId: string, overrideId: string): Promise<void> {
  requireRole(ctx, 'responder', 'Removing an override');
  const gone = await inTransaction(ctx, (t) => store.removeOverride(t.tx, scheduleId, overrideId));
  if (!gone) throw new NotFoundError('Override', overrideId);
}

const toCoverJson = (r: ScheduleCoverRequestsTable, suggested: string | null): CoverRequestJson => ({
  id: r.id,
  schedule_id: r.schedule_id,
  requester_id: r.requester_id,
  start: toIso(r.starts_at)!,
  end: toIso(r.ends_at)!,
  note: r.note,
  status: r.status,
  taken_by: r.taken_by,
  override_id: r.override_id,
  suggested_user_id: suggested,
  created_at: toIso(r.created_at)!,
});

/** The caller asks for someone to cover them over a range; the answer names who should cover next. */
export async function requestCover(ctx: Ctx, scheduleId: string, input: { start: string; end: string; note?: string }): Promise<CoverRequestJson> {
  requireRole(ctx, 'responder', 'Asking for cover');
  const requester = me(ctx);
  const { start, end } = checkRange(input.start, input.end);
  const now = nowOf(ctx);
  const loaded = await loadOne(runner(ctx), scheduleId, 0, 0);
  const row: ScheduleCoverRequestsTable = {
    id: newId('cov'),
    schedule_id: scheduleId,
    requester_id: requester,
    starts_at: start,
    ends_at: end,
    note: (input.note ?? '').trim(),
    status: 'open',
    taken_by: null,
    override_id: null,
    created_at: now,
    updated_at: now,
  };
  await inTransaction(ctx, async (t) => {
    await loadOne(t.tx, scheduleId, 0, 0);
    await store.insertCoverRequest(t.tx, row);
  });
  return toCoverJson(row, await suggestCover(ctx, loaded, requester, now));
}

export async function listCoverRequests(ctx: Ctx, scheduleId: string): Promise<{ items: CoverRequestJson[] }> {
  const now = nowOf(ctx);
  const loaded = await loadOne(runner(ctx), scheduleId, 0, 0);
  const rows = await store.openCoverRequests(runner(ctx), scheduleId);
  const items: CoverRequestJson[] = [];
  for (const r of rows) items.push(toCoverJson(r, await suggestCover(ctx, loaded, r.requester_id, now)));
  return { items };
}

/**
 * The caller takes an open request: it becomes an override for the requester's turns, atomically.
 * The conditional update lets exactly one taker win; the override's unique request id backs it.
 */
export async function takeCover(ctx: Ctx, requestId: string): Promise<OverrideJson> {
  requireRole(ctx, 'responder', 'Taking cover');
  const taker = me(ctx);
  const now = nowOf(ctx);
  try {
    return await inTransaction(ctx, async (t) => {
      const req = await store.findCoverRequest(t.tx, requestId);
      if (!req) throw new NotFoundError('Cover request', requestId);
      if (req.requester_id === taker) throw new ConflictError('You asked for this cover; someone else must take it');
      const row: ScheduleOverridesTable = { id: newId('ovr'), schedule_id: req.schedule_id, user_id: taker, replaces: req.requester_id, starts_at: Number(req.starts_at), ends_at: Number(req.ends_at), created_by: taker, cover_request_id: req.id, created_at: now };
      if (!(await store.claimCoverRequest(t.tx, req.id, taker, row.id, now))) throw new ConflictError(`This cover request is ${req.status === 'open' ? 'taken' : req.status} already`);
      await store.insertOverride(t.tx, row);
      return toOverrideJson(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError('This cover request is taken already');
    throw err;
  }
}

/** The asker (or an admin) withdraws an open request. */
export async function cancelCover(ctx: Ctx, requestId: string): Promise<void> {
  requireRole(ctx, 'responder', 'Withdrawing a cover request');
  const req = await store.findCoverRequest(runner(ctx), requestId);
  if (!req) throw new NotFoundError('Cover request', requestId);
  if (req.requester_id !== actorId(ctx.actor)) requireRole(ctx, 'admin', "Withdrawing someone else's cover request");
  const done = await inTransaction(ctx, (t) => store.cancelCoverRequest(t.tx, requestId, nowOf(ctx)));
  if (!done) throw new ConflictError(`This cover request is ${req.status} already`);
}
