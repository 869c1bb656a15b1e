import type { TxCtx } from '../core/context.js';
import type { EngineModule } from '../core/engine/index.js';
import { emit } from '../core/events.js';
import { DAY, loadMany } from './load.js';
import { shiftsFor, type Shift } from './rules.js';
import * as store from './store.js';

// Hand-off notices: each cycle, the hand-offs that happened since the last look become
// `schedule.handoff` events (issue 10 delivers them to the people going on and off call).
// A cursor per schedule says how far it has looked; the hand-offs table's primary key
// (schedule_id, at) makes each notice happen once, even if two engines looked.

export interface HandoffEvent extends Record<string, unknown> {
  schedule_id: string;
  at: string;
  from_user_id: string | null;
  to_user_id: string | null;
}

/** After a long outage, hand-offs older than this are not announced any more (nobody needs them). */
const MAX_LOOKBACK_MS = DAY;

/** The instants in (after, upTo] where the person on call changes. */
export function handoffsBetween(final: Shift[], after: number, upTo: number): { at: number; from: string | null; to: string | null }[] {
  const out: { at: number; from: string | null; to: string | null }[] = [];
  for (let i = 1; i < final.length; i++) {
    const [prev, next] = [final[i - 1]!, final[i]!];
    if (next.start > after && next.start <= upTo && prev.end === next.start && prev.user_id !== next.user_id) out.push({ at: next.start, from: prev.user_id, to: next.user_id });
  }
  return out;
}

/** One look at every schedule: a few queries per cycle whatever the number of schedules. */
export async function noticeHandoffs(ctx: TxCtx, now: number): Promise<number> {
  const rows = await store.all(ctx.tx);
  const cursors = await store.cursorsOf(ctx.tx, rows.map((r) => r.id));
  // A new schedule starts looking now: its first turn is not a hand-off from anyone.
  const looking = rows.filter((r) => (cursors.get(r.id) ?? now) < now);
  const earliest = Math.min(now, ...looking.map((r) => Math.max(cursors.get(r.id)!, now - MAX_LOOKBACK_MS)));
  let noticed = 0;
  for (const { row, schedule } of await loadMany(ctx.tx, looking, earliest - 1, now + 1)) {
    const after = Math.max(cursors.get(row.id)!, now - MAX_LOOKBACK_MS);
    // One millisecond before `after` shows who was on call just before the first hand-off looked at.
    for (const h of handoffsBetween(shiftsFor(schedule, after - 1, now + 1), after, now)) {
      if (!(await store.recordHandoff(ctx.tx, { schedule_id: row.id, at: h.at, from_user_id: h.from, to_user_id: h.to, noticed_at: now }))) continue;
      await emit<'schedule.handoff', HandoffEvent>(ctx, 'schedule.handoff', { schedule_id: row.id, at: new Date(h.at).toISOString(), from_user_id: h.from, to_user_id: h.to }, now);
      noticed++;
    }
  }
  await store.setCursors(ctx.tx, rows.map((r) => r.id), now);
  return noticed;
}

export const scheduleEngine = (): EngineModule[] => [{ name: 'schedule-handoffs', tick: async (ctx, now) => void (await noticeHandoffs(ctx, now)) }];
