import { DateTime } from 'luxon';
import type { Severity } from '../incidents/model.js';

// Pure paging rules: how urgent a severity is for a service, when business hours start, and
// which escalation tiers are due. They take `now` and data and return data.

/** high: page now, day or night; low: page within the service's business hours; none: no page. */
export type Urgency = 'high' | 'low';
export type UrgencySetting = Urgency | 'none';
export const SEVERITIES: readonly Severity[] = ['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4'];

/** The seed's response expectations: SEV-1/2 page at once, SEV-3 in business hours, SEV-4 is tracked only. */
export const DEFAULT_URGENCIES: Readonly<Record<Severity, UrgencySetting>> = { 'SEV-1': 'high', 'SEV-2': 'high', 'SEV-3': 'low', 'SEV-4': 'none' };

export interface BusinessHours {
  time_zone: string;
  /** ISO weekdays, 1 = Monday ... 7 = Sunday. */
  days: number[];
  /** Wall-clock "HH:MM" in the time zone; end after start. */
  start: string;
  end: string;
}

export const DEFAULT_BUSINESS_HOURS: BusinessHours = { time_zone: 'UTC', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Problems with business hours as given, field by field (empty: fine). */
export function checkBusinessHours(h: BusinessHours): { field: string; message: string } | null {
  if (!DateTime.now().setZone(h.time_zone).isValid) return { field: 'business_hours.time_zone', message: `business_hours.time_zone: unknown time zone ${h.time_zone}` };
  if (!h.days.length || h.days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) return { field: 'business_hours.days', message: 'business_hours.days must list ISO weekdays 1 (Monday) to 7 (Sunday)' };
  for (const f of ['start', 'end'] as const) {
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(h[f])) return { field: `business_hours.${f}`, message: `business_hours.${f} must be HH:MM` };
  }
  if (minutesOf(h.end) <= minutesOf(h.start)) return { field: 'business_hours.end', message: 'business_hours.end must be after start' };
  return null;
}

/**
 * The first instant at or after `now` inside business hours: `now` itself when inside. Wall-clock
 * times in the service's zone, so a 09:00 start stays 09:00 across daylight-saving changes.
 */
export function nextBusinessStart(h: BusinessHours, now: number): number {
  const local = DateTime.fromMillis(now, { zone: h.time_zone });
  const [start, end] = [minutesOf(h.start), minutesOf(h.end)];
  for (let d = 0; d <= 7; d++) {
    const day = local.plus({ days: d }).startOf('day');
    if (!h.days.includes(day.weekday)) continue;
    const opens = day.set({ hour: Math.floor(start / 60), minute: start % 60 }).toMillis();
    const closes = day.set({ hour: Math.floor(end / 60), minute: end % 60 }).toMillis();
    if (now < closes) return Math.max(opens, now);
  }
  return now; // no day listed: unreachable after checkBusinessHours
}

export interface PagingTier {
  position: number;
  delay_minutes: number;
  severities: Severity[] | null;
}

/**
 * How long one round of a policy lasts before it repeats: the last tier's delay plus the gap
 * before it (at least 5 minutes), so the last tier gets as long to answer as the one before did.
 */
export function roundMinutes(tiers: readonly PagingTier[]): number {
  if (!tiers.length) return 5;
  const last = tiers[tiers.length - 1]!.delay_minutes;
  const prev = tiers.length > 1 ? tiers[tiers.length - 2]!.delay_minutes : 0;
  return last + Math.max(5, last - prev);
}

export interface StepPlanInput {
  tiers: readonly PagingTier[];
  /** More rounds after the first (the policy's repeat count). */
  repeat: number;
  severity: Severity;
  startedAt: number;
  now: number;
  /** `${round}:${position}` of the steps already fired. */
  fired: ReadonlySet<string>;
}

export interface StepPlan {
  /** Due, applicable and not fired yet, in order. */
  due: { round: number; position: number; at: number }[];
  /** When the next step after these falls due (null: none left). */
  nextAt: number | null;
}

/** Which tiers fire now: those whose time has come, that the severity unlocks and that have not fired. */
export function planSteps(p: StepPlanInput): StepPlan {
  const round = roundMinutes(p.tiers) * 60_000;
  const due: StepPlan['due'] = [];
  let nextAt: number | null = null;
  for (let r = 0; r <= p.repeat; r++) {
    for (const t of p.tiers) {
      if (t.severities !== null && !t.severities.includes(p.severity)) continue;
      if (p.fired.has(`${r}:${t.position}`)) continue;
      const at = p.startedAt + r * round + t.delay_minutes * 60_000;
      if (at <= p.now) due.push({ round: r, position: t.position, at });
      else if (nextAt === null || at < nextAt) nextAt = at;
    }
  }
  return { due, nextAt };
}

/** A page's short code for replies (`ACK 4821`): four digits, not starting with 0. */
export const replyCodeFrom = (random: number): string => String(1000 + Math.floor(random * 9000));
