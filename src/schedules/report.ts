import { toIso } from '../core/clock.js';
import { readTogether, runner, type Ctx } from '../core/context.js';
import { NotFoundError } from '../core/errors.js';
import { incidentsLedBy } from '../incidents/service.js';
import { userNames, userTimeZones } from '../users/service.js';
import { DAY, loadMany, loadOne, rangeOf } from './load.js';
import { hoursByPerson } from './oncall.js';
import { onCallHours, onCallPay, PAY_CATEGORIES, type OnCallHours } from './model.js';
import { inWorkingHours } from './model.fairness.js';
import { pageTimesOf } from '../paging/read.js';
import { holidaysOf, payRatesOf } from './pay.js';
import { HOUR_FIELDS, type OnCallReportJson } from './report-csv.js';
import * as store from './store.js';

// The fairness and pay report: per person, hours on call split in their own zone (nights,
// weekends; business / after-hours / weekend / holiday by the holidays of the schedule each shift
// came from), incidents led, and pay by each schedule's rates. Each schedule is counted on its
// own, so each pays its own shifts.

type Item = OnCallReportJson['items'][number];
type PayLine = Item['pay'][number];

const round = (n: number): number => Math.round(n * 100) / 100;

function blank(user_id: string, time_zone: string): Item {
  return {
    user_id,
    user_name: null,
    time_zone,
    hours: 0,
    night_hours: 0,
    weekend_hours: 0,
    business_hours: 0,
    after_hours: 0,
    weekend_pay_hours: 0,
    holiday_hours: 0,
    shifts: 0,
    incidents_led: 0,
    pages: 0,
    pages_after_hours: 0,
    pay: [],
  };
}

function addHours(item: Item, h: OnCallHours): void {
  item.hours += h.on_call;
  item.night_hours += h.night;
  item.weekend_hours += h.weekend;
  item.business_hours += h.split.business;
  item.after_hours += h.split.after_hours;
  item.weekend_pay_hours += h.split.weekend;
  item.holiday_hours += h.split.holiday;
  item.shifts += h.shifts;
}

function addPay(item: Item, currency: string, pay: ReturnType<typeof onCallPay>): void {
  let line = item.pay.find((p) => p.currency === currency);
  if (!line) item.pay.push((line = { currency, business: 0, after_hours: 0, weekend: 0, holiday: 0, per_shift: 0, total: 0 }));
  for (const c of PAY_CATEGORIES) line[c] += pay.by_category[c];
  line.per_shift += pay.per_shift;
  line.total += pay.total;
}

const roundPay = (p: PayLine): PayLine => ({ ...p, business: round(p.business), after_hours: round(p.after_hours), weekend: round(p.weekend), holiday: round(p.holiday), per_shift: round(p.per_shift), total: round(p.total) });

export async function onCallReport(ctx: Ctx, query: { from: string; to: string; schedule_id?: string; user_id?: string }): Promise<OnCallReportJson> {
  const { from, to } = rangeOf(query, ctx.clock.now().getTime(), DAY);
  const q = runner(ctx);
  const schedules = query.schedule_id ? [await loadOne(q, query.schedule_id, from, to)] : await loadMany(q, await store.all(q), from, to);
  const perSchedule = schedules.map((loaded) => ({ loaded, people: hoursByPerson([loaded], from, to) }));
  const ids = [...new Set(perSchedule.flatMap((p) => [...p.people.keys()]))].filter((u) => query.user_id === undefined || u === query.user_id);
  const [zones, names, led, paged] = await readTogether(q, [() => userTimeZones(ctx, ids), () => userNames(ctx, ids), () => incidentsLedBy(ctx, from, to), () => pageTimesOf(ctx, ids, from, to)] as const);
  const items = new Map<string, Item>();
  for (const { loaded, people: shifts } of perSchedule) {
    const holidays = holidaysOf(loaded.row).map((h) => h.date);
    const rates = payRatesOf(loaded.row);
    for (const id of ids) {
      const mine = shifts.get(id);
      if (!mine) continue;
      const time_zone = zones.get(id) ?? loaded.schedule.time_zone;
      const item = items.get(id) ?? blank(id, time_zone);
      items.set(id, item);
      const hours = onCallHours(mine, { time_zone, holidays });
      addHours(item, hours);
      if (rates) addPay(item, rates.currency, onCallPay(hours, rates));
    }
  }
  const out = [...items.values()].map((i) => ({
    ...i,
    ...Object.fromEntries(HOUR_FIELDS.map((f) => [f, round(i[f])])),
    user_name: names.get(i.user_id) ?? null,
    incidents_led: led.get(i.user_id) ?? 0,
    pages: paged.get(i.user_id)?.length ?? 0,
    pages_after_hours: (paged.get(i.user_id) ?? []).filter((at) => !inWorkingHours(at, i.time_zone)).length,
    pay: i.pay.map(roundPay).sort((a, b) => a.currency.localeCompare(b.currency)),
  }));
  return { from: toIso(from)!, to: toIso(to)!, items: out.sort((a, b) => b.hours - a.hours || a.user_id.localeCompare(b.user_id)) };
}

/** Someone asked about a person by id: unknown ids are 404 rather than an empty report. */
export async function checkReportUser(ctx: Ctx, userId: string | undefined): Promise<void> {
  if (userId !== undefined && !(await userTimeZones(ctx, [userId])).has(userId)) throw new NotFoundError('User', userId);
}
