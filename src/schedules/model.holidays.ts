// Holidays from an iCalendar file (RFC 5545): each all-day event is one or more holiday dates.
// A small reader of the few properties that say so (DTSTART;VALUE=DATE, DTEND, DURATION,
// SUMMARY, STATUS), so no iCalendar package is needed at run time. Pure.

import { DAY_MS, localDate, parseLocalDate } from './model.zone.js';

export interface Holiday {
  date: string;
  name: string;
}

export interface HolidayImport {
  /** By date; a date named by two events keeps the first name. */
  holidays: Holiday[];
  /** Events that are not all-day, repeat (RRULE), are cancelled, or cannot be read. */
  skipped: number;
}

/** Longest holiday one event may give, in days (a year's calendar, not a mistake of decades). */
const MAX_DAYS = 366;

/** Lines with folding undone (a line starting with a space or tab continues the one before). */
function unfold(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').replace(/\n[ \t]/g, '').split('\n');
}

interface Property {
  name: string;
  params: Map<string, string>;
  value: string;
}

function readProperty(line: string): Property | null {
  // The value starts at the first colon outside a quoted parameter value.
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < line.length && colon < 0; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ':' && !quoted) colon = i;
  }
  if (colon < 0) return null;
  const [name = '', ...rest] = line.slice(0, colon).split(';');
  const params = new Map(rest.map((p) => [p.split('=')[0]!.toUpperCase(), p.slice(p.indexOf('=') + 1)] as [string, string]));
  return { name: name.toUpperCase(), params, value: line.slice(colon + 1) };
}

const unescapeText = (v: string) => v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

/** Wall ms of a DATE value (YYYYMMDD), or null. */
function dateValue(p: Property | undefined): number | null {
  if (!p) return null;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(p.value.trim());
  if (!m || (p.params.get('VALUE') ?? 'DATE').toUpperCase() !== 'DATE') return null;
  return parseLocalDate(`${m[1]}-${m[2]}-${m[3]}`);
}

/** Days of a DURATION of whole days or weeks (P1D, P2W), or null. */
function durationDays(p: Property | undefined): number | null {
  const m = p ? /^P(?:(\d+)W|(\d+)D)$/.exec(p.value.trim().toUpperCase()) : null;
  if (!m) return null;
  return m[1] !== undefined ? Number(m[1]) * 7 : Number(m[2]);
}

/** Every all-day event of the file as holiday dates (an event's DTEND is the day after its last). */
export function parseHolidaysIcs(text: string): HolidayImport {
  const byDate = new Map<string, string>();
  let skipped = 0;
  let event: Property[] | null = null;
  for (const line of unfold(text)) {
    const upper = line.trim().toUpperCase();
    if (upper === 'BEGIN:VEVENT') event = [];
    else if (upper === 'END:VEVENT' && event) {
      const dates = eventDates(event);
      if (dates === null) skipped++;
      else for (const d of dates.days) if (!byDate.has(d)) byDate.set(d, dates.name);
      event = null;
    } else if (event) {
      const p = readProperty(line);
      if (p) event.push(p);
    }
  }
  const holidays = [...byDate].map(([date, name]) => ({ date, name })).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { holidays, skipped };
}

function eventDates(props: Property[]): { days: string[]; name: string } | null {
  const get = (name: string) => props.find((p) => p.name === name);
  if (get('RRULE') || get('STATUS')?.value.trim().toUpperCase() === 'CANCELLED') return null;
  const start = dateValue(get('DTSTART'));
  if (start === null) return null;
  const end = get('DTEND') ? dateValue(get('DTEND')) : null;
  const duration = durationDays(get('DURATION'));
  const days = end !== null ? Math.round((end - start) / DAY_MS) : duration ?? 1;
  if (!(days >= 1 && days <= MAX_DAYS)) return null;
  const name = unescapeText(get('SUMMARY')?.value ?? '').trim();
  return { days: Array.from({ length: days }, (_, i) => localDate(start + i * DAY_MS)), name };
}
