import type { Static } from 'typebox';
import { runner, type Ctx } from '../core/context.js';
import { ValidationError } from '../core/errors.js';
import { inTransaction } from '../core/events.js';
import type { Holiday } from './model.holidays.js';
import { parseHolidaysIcs } from './model.holidays.js';
import { loadOne, requireRole } from './load.js';
import type * as S from './schemas.js';
import * as store from './store.js';
import type { SchedulesTable } from './tables.js';

// A schedule's holiday calendar (imported from iCalendar) and its on-call pay rates: what the
// on-call report (report.ts) needs to split hours into holiday and to pay them.

export type PayRatesJson = Static<typeof S.PayRatesSchema>;

/** More holidays than any real calendar has: a file this big is a mistake. */
const MAX_HOLIDAYS = 5000;

export const holidaysOf = (row: SchedulesTable): Holiday[] => JSON.parse(row.holidays) as Holiday[];
export const payRatesOf = (row: SchedulesTable): PayRatesJson | null => (row.pay_rates ? (JSON.parse(row.pay_rates) as PayRatesJson) : null);

export async function getHolidays(ctx: Ctx, id: string): Promise<Static<typeof S.HolidayList>> {
  const { row } = await loadOne(runner(ctx), id, 0, 0);
  return { schedule_id: id, holidays: holidaysOf(row) };
}

/** Replaces the schedule's holidays with the all-day events of an iCalendar file; a file that is not one changes nothing. */
export async function importHolidays(ctx: Ctx, id: string, body: string | { ics: string }): Promise<Static<typeof S.HolidayImportAnswer>> {
  requireRole(ctx, 'admin', 'Changing holidays');
  const ics = typeof body === 'string' ? body : body.ics;
  const lines = ics.trim().split(/\r?\n/);
  if (ics.includes('\0') || lines[0]?.trim().toUpperCase() !== 'BEGIN:VCALENDAR' || lines[lines.length - 1]?.trim().toUpperCase() !== 'END:VCALENDAR') {
    throw new ValidationError('must be an iCalendar file, from BEGIN:VCALENDAR to END:VCALENDAR', 'ics');
  }
  const { holidays, skipped } = parseHolidaysIcs(ics);
  if (holidays.length > MAX_HOLIDAYS) throw new ValidationError(`at most ${MAX_HOLIDAYS} holiday dates`, 'ics');
  await inTransaction(ctx, async (t) => {
    await loadOne(t.tx, id, 0, 0);
    await store.update(t.tx, id, { holidays: JSON.stringify(holidays), updated_at: ctx.clock.now().getTime() });
  });
  return { schedule_id: id, holidays, skipped };
}

export async function getPayRates(ctx: Ctx, id: string): Promise<Static<typeof S.PayRatesAnswer>> {
  const { row } = await loadOne(runner(ctx), id, 0, 0);
  return { schedule_id: id, rates: payRatesOf(row) };
}

/** Sets (or, with null, clears) the schedule's pay rates. */
export async function setPayRates(ctx: Ctx, id: string, rates: PayRatesJson | null): Promise<Static<typeof S.PayRatesAnswer>> {
  requireRole(ctx, 'admin', 'Changing pay rates');
  await inTransaction(ctx, async (t) => {
    await loadOne(t.tx, id, 0, 0);
    await store.update(t.tx, id, { pay_rates: rates === null ? null : JSON.stringify(rates), updated_at: ctx.clock.now().getTime() });
  });
  return { schedule_id: id, rates };
}
