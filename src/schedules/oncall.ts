import type { Static } from 'typebox';
import { toIso } from '../core/clock.js';
import { actorId, readTogether, runner, type Ctx } from '../core/context.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import { existingUserIds } from '../users/service.js';
import { AROUND_MS, DAY, loadMany, loadOne, peopleIn, rangeOf, type Loaded } from './load.js';
import { whoShouldCoverNext } from './model.js';
import { onCallAt, planOnCall, scheduleWarnings, shiftsFor, turnsIn, type Shift } from './rules.js';
import type * as S from './schemas.js';
import * as store from './store.js';
import { covered, gapWarning, toShiftJson, toWarningJson } from './view.js';
import { parseTime } from '../users/model.js';

// Who is on call: a schedule's plan over a range, at an instant, for a person, for everyone.

/** How far ahead "when am I next on call" looks. */
const NEXT_HORIZON_MS = 90 * DAY;

/** The most turns one plan answer goes through (an hourly layer over 400 days is 9,600). */
export const MAX_PLANNED_TURNS = 20_000;

const nowOf = (ctx: Ctx): number => ctx.clock.now().getTime();
const atOf = (ctx: Ctx, at: string | undefined): number => (at === undefined ? nowOf(ctx) : parseTime(at, 'at'));

export async function planFor(ctx: Ctx, id: string, query: { from?: string; to?: string }): Promise<Static<typeof S.PlanSchema>> {
  const { from, to } = rangeOf(query, nowOf(ctx), 7 * DAY);
  const { schedule } = await loadOne(runner(ctx), id, from, to);
  // A plan costs about 10 µs a turn in the server's one thread: 20 hourly layers over 400 days held
  // it 2 s for anyone who can read the schedule. The web app asks for a week or a month.
  const turns = turnsIn(schedule, from, to);
  if (turns > MAX_PLANNED_TURNS) {
    const days = Math.max(1, Math.floor(((to - from) / DAY) * (MAX_PLANNED_TURNS / turns)));
    throw new ValidationError(`from ${toIso(from)} to ${toIso(to)} this schedule has about ${turns.toLocaleString('en')} turns, over the ${MAX_PLANNED_TURNS.toLocaleString('en')} one answer holds: ask for at most ${days} days`, 'to');
  }
  const people = await peopleIn(ctx, [schedule]);
  const plan = planOnCall(schedule, from, to);
  const shape = (s: Shift) => toShiftJson(s, people.inactive, people.names);
  const gap = gapWarning(plan.final, people.inactive);
  return {
    schedule_id: id,
    time_zone: schedule.time_zone,
    from: toIso(from)!,
    to: toIso(to)!,
    layers: plan.layers.map((l) => ({ layer_id: l.layer_id, name: schedule.layers.find((x) => x.id === l.layer_id)?.name ?? '', shifts: l.shifts.map(shape) })),
    overrides: plan.overrides.map(shape),
    final: plan.final.map(shape),
    warnings: [...scheduleWarnings(schedule, people.inactive, from, to), ...(gap ? [gap] : [])].map(toWarningJson),
  };
}

export async function onCallFor(ctx: Ctx, id: string, atRaw: string | undefined): Promise<Static<typeof S.OnCallAnswer>> {
  const at = atOf(ctx, atRaw);
  const { schedule } = await loadOne(runner(ctx), id, at - AROUND_MS, at + AROUND_MS);
  const people = await peopleIn(ctx, [schedule]);
  const shift = onCallAt(schedule, at);
  return { schedule_id: id, at: toIso(at)!, shift: shift ? toShiftJson(shift, people.inactive, people.names) : null };
}

async function everySchedule(ctx: Ctx, from: number, to: number): Promise<Loaded[]> {
  return loadMany(runner(ctx), await store.all(runner(ctx)), from, to);
}

/** The dashboard's list: every schedule and the person on call in it now (null: nobody). */
export async function onCallEverywhere(ctx: Ctx, atRaw: string | undefined): Promise<Static<typeof S.OnCallList>> {
  const at = atOf(ctx, atRaw);
  const all = await everySchedule(ctx, at - AROUND_MS, at + AROUND_MS);
  const people = await peopleIn(ctx, all.map((l) => l.schedule));
  return {
    at: toIso(at)!,
    items: all.map(({ row, schedule }) => {
      const s = onCallAt(schedule, at);
      const ok = covered(s, people.inactive);
      return {
        schedule_id: row.id,
        schedule_name: row.name,
        user_id: ok ? s.user_id : null,
        user_name: ok ? (people.names.get(s.user_id) ?? null) : null,
        start: ok ? toIso(s.start) : null,
        end: ok ? toIso(s.end) : null,
      };
    }),
  };
}

/** A person's shifts on every schedule over [from, to), in time order. */
export async function shiftsOfUser(ctx: Ctx, userId: string, from: number, to: number): Promise<{ loaded: Loaded; shift: Shift }[]> {
  const all = await everySchedule(ctx, from, to);
  return all
    .flatMap((loaded) => shiftsFor(loaded.schedule, from, to).filter((s) => s.user_id === userId).map((shift) => ({ loaded, shift })))
    .sort((a, b) => a.shift.start - b.shift.start);
}

/** What schedules a person is on now, and when they are next on call. `me` is the caller. */
export async function userOnCall(ctx: Ctx, rawId: string): Promise<Static<typeof S.UserOnCallAnswer>> {
  const userId = rawId === 'me' ? actorId(ctx.actor) : rawId;
  if (!userId || !(await existingUserIds(ctx, [userId])).has(userId)) throw new NotFoundError('User', rawId);
  const now = nowOf(ctx);
  const shifts = await shiftsOfUser(ctx, userId, now, now + NEXT_HORIZON_MS);
  const shape = ({ loaded, shift }: { loaded: Loaded; shift: Shift }) => ({ schedule_id: loaded.row.id, schedule_name: loaded.row.name, start: toIso(shift.start)!, end: toIso(shift.end)! });
  const next = shifts.find((s) => s.shift.start > now);
  return { user_id: userId, at: toIso(now)!, now: shifts.filter((s) => s.shift.start <= now).map(shape), next: next ? shape(next) : null };
}

/** Each person's shifts over [from, to) across the given schedules. */
export function hoursByPerson(schedules: Loaded[], from: number, to: number): Map<string, Shift[]> {
  const out = new Map<string, Shift[]>();
  for (const { schedule } of schedules) {
    for (const s of shiftsFor(schedule, from, to)) if (s.user_id) out.set(s.user_id, [...(out.get(s.user_id) ?? []), s]);
  }
  return out;
}

/** "Who should cover next": the member (not the asker) who carried the fewest hours over the last 90 days. */
export async function suggestCover(ctx: Ctx, loaded: Loaded, exclude: string, now: number): Promise<string | null> {
  const history = await loadMany(runner(ctx), [loaded.row], now - 90 * DAY, now);
  const carried = hoursByPerson(history, now - 90 * DAY, now);
  const people = await peopleIn(ctx, [loaded.schedule]);
  const members = [...new Set(loaded.schedule.layers.flatMap((l) => l.members))].filter((m) => m !== exclude && !people.inactive.has(m));
  const hours = new Map([...carried].map(([m, shifts]) => [m, shifts.reduce((sum, s) => sum + (s.end - s.start), 0)]));
  // Ties go to the one listed first.
  return whoShouldCoverNext(members, hours)[0]?.user_id ?? null;
}

/**
 * For other domains (escalation): each schedule asked for, its name and who is on call at `at`
 * (null: nobody, or a deleted or deactivated person's turn). Unknown schedules are absent.
 */
export async function onCallNow(ctx: Ctx, ids: readonly string[], at: number): Promise<Map<string, { name: string; on_call: string | null }>> {
  const rows = (await readTogether(runner(ctx), [...new Set(ids)].map((id) => () => store.findById(runner(ctx), id)))).filter((r) => r !== undefined);
  const all = await loadMany(runner(ctx), rows, at - AROUND_MS, at + AROUND_MS);
  const people = await peopleIn(ctx, all.map((l) => l.schedule));
  return new Map(
    all.map(({ row, schedule }) => {
      const s = onCallAt(schedule, at);
      return [row.id, { name: row.name, on_call: covered(s, people.inactive) ? s.user_id : null }];
    }),
  );
}
