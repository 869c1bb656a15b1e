// The shapes of an on-call schedule, shared by the pure rules (model.ts), the store, the API,
// the calendar feeds and the escalation engine. Times are UTC instants (epoch milliseconds) unless
// a name says "local": wall-clock values in the schedule's IANA zone.

/** Days of the week as ISO numbers: 1 = Monday ... 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * A window in which a layer has someone on call, in the schedule's zone. `start` and `end` are
 * "HH:MM"; an end before the start runs past midnight ("22:00"-"06:00"); equal
 * start and end are refused (a whole day is "00:00"-"24:00"). `days` lists the days the window
 * starts on (all days when absent).
 */
export interface Restriction {
  start: string;
  end: string;
  days?: IsoWeekday[];
}

/** How long one member's turn lasts: calendar days and weeks follow the zone's wall clock across DST; hours are real hours. */
export type ShiftLength = { unit: 'hours'; count: number } | { unit: 'days'; count: number } | { unit: 'weeks'; count: number };

/** One rotation: members take turns in order, each for `shift`, handing off at `handoff` local time. */
export interface Layer {
  id: string;
  name: string;
  /** Higher layers win where they have someone: the order in `Schedule.layers` is bottom (index 0) to top. */
  members: string[];
  shift: ShiftLength;
  /** "HH:MM" in the schedule's zone; a hand-off at a time the day does not have moves to the next time that exists. */
  handoff: string;
  /** First hand-off: a local date "YYYY-MM-DD" in the schedule's zone; the first member starts then. */
  start_date: string;
  /** When present, the layer has someone only inside these windows. */
  restrictions?: Restriction[];
  /** A layer may end (a rotation replaced by another): UTC ms, exclusive. */
  ends_at?: number | null;
  /**
   * IANA zone of this layer's hand-off, start date and restrictions when it is not the schedule's:
   * a follow-the-sun layer keeps its team's 09:00-17:00 through their own DST changes.
   */
  time_zone?: string | null;
}

/** A person covers [start, end) for someone (`replaces` a user id) or for the whole schedule (`replaces` null). */
export interface Override {
  id: string;
  user_id: string;
  replaces: string | null;
  start: number;
  end: number;
}

export interface Schedule {
  id: string;
  name: string;
  /** IANA zone, e.g. "Europe/Berlin". */
  time_zone: string;
  layers: Layer[];
  overrides: Override[];
}

/** Who was on call for [start, end), and why. `user_id` null is a gap: nobody covers it. */
export interface Shift {
  start: number;
  end: number;
  user_id: string | null;
  /** The layer that put them there, or null when an override did (or for a gap). */
  layer_id: string | null;
  override_id: string | null;
}

/** What the calendar draws: each layer's own turns, the overrides, and the result after both. */
export interface OnCallPlan {
  layers: { layer_id: string; shifts: Shift[] }[];
  overrides: Shift[];
  final: Shift[];
}
