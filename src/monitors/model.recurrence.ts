// RRULE (RFC 5545) for maintenance windows: a strict parser for the subset Tocsin expands itself.
// Strict because the rrule package accepts nonsense (FREQ=FOO, BYMONTHDAY=abc) and spins for
// seconds on rules that never occur (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30). Pure.

export type Frequency = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
export type WeekdayCode = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';
export const WEEKDAYS: readonly WeekdayCode[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** A weekday, with a position (1MO = first Monday, -1FR = last Friday) or null for every one. */
export interface ByDay {
  day: WeekdayCode;
  n: number | null;
}

export interface RecurrenceRule {
  freq: Frequency;
  interval: number;
  count: number | null;
  /** Last possible start: in UTC (…Z) or as wall time in the window's zone (ms written as if UTC). */
  until: { ms: number; utc: boolean } | null;
  byday: ByDay[];
  bymonth: number[];
  bymonthday: number[];
  byhour: number[];
  byminute: number[];
  wkst: WeekdayCode;
}

export type ParsedRecurrence = { ok: true; rule: RecurrenceRule; text: string } | { ok: false; message: string };

const FREQUENCIES: readonly string[] = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];
const KNOWN = ['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'BYMONTH', 'BYMONTHDAY', 'BYHOUR', 'BYMINUTE', 'WKST'];
const UNSUPPORTED = ['BYSETPOS', 'BYYEARDAY', 'BYWEEKNO', 'BYSECOND', 'BYEASTER'];
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

class RuleError extends Error {}
const fail = (message: string): never => {
  throw new RuleError(message);
};

/** Parses `FREQ=WEEKLY;BYDAY=SU` (an `RRULE:` prefix is allowed); DTSTART and TZID come from the window. */
export function parseRecurrence(input: string): ParsedRecurrence {
  const text = input.trim().replace(/^RRULE:/i, '').replace(/;+$/, '').toUpperCase();
  try {
    if (text === '') fail('it is empty; write a rule such as FREQ=WEEKLY;BYDAY=SU');
    if (/[\r\n]|DTSTART|TZID|EXDATE|RDATE/.test(text)) {
      fail('it should hold only the repetition (such as FREQ=WEEKLY;BYDAY=SU); the start and the time zone are set separately');
    }
    const rule = readRule(splitParts(text));
    checkRule(rule);
    return { ok: true, rule, text };
  } catch (e) {
    if (e instanceof RuleError) return { ok: false, message: e.message };
    throw e;
  }
}

function splitParts(text: string): Map<string, string> {
  const parts = new Map<string, string>();
  for (const part of text.split(';')) {
    const [key = '', value, extra] = part.split('=');
    if (value === undefined || value === '' || extra !== undefined) fail(`"${part}" is not of the form NAME=VALUE`);
    if (UNSUPPORTED.includes(key)) fail(`${key} is not supported for maintenance windows`);
    if (!KNOWN.includes(key)) fail(`${key} is not an RRULE part (known: ${KNOWN.join(', ')})`);
    if (parts.has(key)) fail(`${key} appears twice`);
    parts.set(key, value as string);
  }
  return parts;
}

function numbers(parts: Map<string, string>, key: string, min: number, max: number, negative = false): number[] {
  const value = parts.get(key);
  if (value === undefined) return [];
  const range = negative ? `${min} to ${max} or -${max} to -${min}` : `${min} to ${max}`;
  return value.split(',').map((s) => {
    const n = /^[+-]?\d{1,6}$/.test(s) ? Number(s) : NaN;
    const size = negative ? Math.abs(n) : n;
    if (!(size >= min && size <= max)) fail(`${key} must be whole numbers from ${range}, not "${s}"`);
    return n;
  });
}

function weekday(s: string, key: string): WeekdayCode {
  const day = WEEKDAYS.find((d) => d === s);
  return day ?? fail(`"${s}" in ${key} is not a weekday (MO, TU, WE, TH, FR, SA or SU)`);
}

function readByDay(value: string | undefined): ByDay[] {
  if (value === undefined) return [];
  return value.split(',').map((s) => {
    const m = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(s);
    if (!m) fail(`"${s}" in BYDAY is not a weekday such as MO, 1MO (first Monday) or -1FR (last Friday)`);
    const n = m?.[1] === undefined ? null : Number(m[1]);
    if (n === 0) fail(`"${s}" in BYDAY: positions count from 1 (first) or -1 (last)`);
    return { day: weekday(m?.[2] ?? '', 'BYDAY'), n };
  });
}

function readUntil(value: string | undefined): RecurrenceRule['until'] {
  if (value === undefined) return null;
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(value);
  if (!m) return fail(`UNTIL must be a date such as 20261231 or 20261231T235959Z, not "${value}"`);
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((x) => (x === undefined ? NaN : Number(x)));
  const dateOnly = m[4] === undefined;
  // A date alone means to the end of that day (wall time).
  const ms = Date.UTC(y!, mo! - 1, d!, dateOnly ? 23 : h!, dateOnly ? 59 : mi!, dateOnly ? 59 : s!);
  if (new Date(ms).getUTCDate() !== d || mo! > 12 || h! > 23 || mi! > 59 || s! > 59) fail(`UNTIL "${value}" is not a real date and time`);
  return { ms, utc: m[7] === 'Z' };
}

function readRule(parts: Map<string, string>): RecurrenceRule {
  const freq = parts.get('FREQ');
  if (freq === undefined) fail('it needs FREQ (DAILY, WEEKLY, MONTHLY or YEARLY)');
  if (freq === 'HOURLY' || freq === 'MINUTELY' || freq === 'SECONDLY') {
    fail(`FREQ=${freq} repeats too often for maintenance; use FREQ=DAILY with BYHOUR for several times a day`);
  }
  if (!FREQUENCIES.includes(freq as string)) fail(`FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, not "${freq}"`);
  return {
    freq: freq as Frequency,
    interval: numbers(parts, 'INTERVAL', 1, 1000)[0] ?? 1,
    count: numbers(parts, 'COUNT', 1, 100_000)[0] ?? null,
    until: readUntil(parts.get('UNTIL')),
    byday: readByDay(parts.get('BYDAY')),
    bymonth: numbers(parts, 'BYMONTH', 1, 12),
    bymonthday: numbers(parts, 'BYMONTHDAY', 1, 31, true),
    byhour: numbers(parts, 'BYHOUR', 0, 23),
    byminute: numbers(parts, 'BYMINUTE', 0, 59),
    wkst: parts.has('WKST') ? weekday(parts.get('WKST') ?? '', 'WKST') : 'MO',
  };
}

/** Combinations RFC 5545 forbids, and ones that can never happen (so expanding them would find nothing). */
function checkRule(r: RecurrenceRule): void {
  if (r.count !== null && r.until !== null) fail('use COUNT or UNTIL, not both');
  if (r.freq === 'WEEKLY' && r.bymonthday.length > 0) fail('BYMONTHDAY does not work with FREQ=WEEKLY; use FREQ=MONTHLY');
  const positioned = r.byday.filter((d) => d.n !== null);
  if (positioned.length > 0) {
    if (r.freq === 'DAILY' || r.freq === 'WEEKLY') fail('a weekday position such as 1MO needs FREQ=MONTHLY or FREQ=YEARLY');
    if (r.bymonthday.length > 0) fail('use either a weekday position (such as 1MO) or BYMONTHDAY, not both');
    const max = r.freq === 'YEARLY' && r.bymonth.length === 0 ? 53 : 5;
    const bad = positioned.find((d) => Math.abs(d.n ?? 0) > max);
    if (bad) fail(`there is no ${bad.n}${bad.day} (a ${max === 5 ? 'month' : 'year'} has at most ${max} of each weekday)`);
  }
  if (r.bymonthday.length > 0) {
    const months = r.bymonth.length > 0 ? r.bymonth : [1, 3];
    const fits = months.some((m) => r.bymonthday.some((d) => Math.abs(d) <= (MONTH_DAYS[m - 1] ?? 0)));
    if (!fits) fail(`no day in BYMONTHDAY exists in ${months.map((m) => MONTH_NAMES[m - 1]).join(', ')}`);
  }
}
