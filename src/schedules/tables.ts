// The schedules domain's tables (row types); they join the kernel's Tables below.
// Member and override user ids carry no foreign key on purpose: a person who leaves keeps their
// past turns, and their future turns show as flagged gaps instead of vanishing.

export interface SchedulesTable {
  id: string;
  name: string;
  time_zone: string;
  team_id: string | null;
  description: string;
  /** sha256 of the calendar feed's secret; null until a feed link is made. */
  feed_token_hash: string | null;
  /** JSON: [{ date: 'YYYY-MM-DD', name }] (the holiday calendar, for pay reports). */
  holidays: string;
  /** JSON PayRatesJson, or null: no pay in the report. */
  pay_rates: string | null;
  created_at: number;
  updated_at: number;
}

export interface ScheduleLayersTable {
  id: string;
  schedule_id: string;
  /** 0 is the bottom layer; higher positions win where they have someone. */
  position: number;
  name: string;
  /** JSON array of user ids, in turn order. */
  members: string;
  /** JSON ShiftLength. */
  shift: string;
  handoff: string;
  start_date: string;
  /** JSON Restriction[] or null. */
  restrictions: string | null;
  ends_at: number | null;
}

export interface ScheduleOverridesTable {
  id: string;
  schedule_id: string;
  user_id: string;
  replaces: string | null;
  starts_at: number;
  ends_at: number;
  created_by: string | null;
  /** The cover request this override answered; unique, so a request is taken once. */
  cover_request_id: string | null;
  created_at: number;
}

export type CoverRequestStatus = 'open' | 'taken' | 'cancelled';

export interface ScheduleCoverRequestsTable {
  id: string;
  schedule_id: string;
  requester_id: string;
  starts_at: number;
  ends_at: number;
  note: string;
  status: CoverRequestStatus;
  taken_by: string | null;
  override_id: string | null;
  created_at: number;
  updated_at: number;
}

/** One row per hand-off noticed: the primary key makes each notice happen once. */
export interface ScheduleHandoffsTable {
  schedule_id: string;
  at: number;
  from_user_id: string | null;
  to_user_id: string | null;
  noticed_at: number;
}

/** How far each schedule's hand-offs have been looked for. */
export interface ScheduleHandoffCursorsTable {
  schedule_id: string;
  checked_until: number;
}

/** A person's own calendar feed (their shifts on every schedule). */
export interface UserCalendarFeedsTable {
  user_id: string;
  token_hash: string;
  created_at: number;
}

declare module '../core/db/schema.js' {
  interface Tables {
    schedules: SchedulesTable;
    schedule_layers: ScheduleLayersTable;
    schedule_overrides: ScheduleOverridesTable;
    schedule_cover_requests: ScheduleCoverRequestsTable;
    schedule_handoffs: ScheduleHandoffsTable;
    schedule_handoff_cursors: ScheduleHandoffCursorsTable;
    user_calendar_feeds: UserCalendarFeedsTable;
  }
}
