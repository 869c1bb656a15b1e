import { Type } from 'typebox';
import { MAX_DESCRIPTION_LENGTH } from '../teams/model.js';
import { MAX_NAME_LENGTH } from '../users/model.js';
import { Nullable, Time } from '../users/schemas.js';

// TypeBox schemas of the schedules API: they validate input and describe it in OpenAPI.

const Id = Type.String({ maxLength: 100 });
const Name = Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH, description: 'Unique, regardless of case' });
const HHMM = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, 24-hour, in the schedule zone' });
const LocalDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD in the schedule zone' });
const TimeZone = Type.String({ minLength: 1, maxLength: 100, description: 'IANA time zone, e.g. Europe/Berlin' });
const Members = Type.Array(Id, { maxItems: 200, description: 'User ids, in turn order' });
const Weekday = Type.Integer({ minimum: 1, maximum: 7, description: '1 = Monday ... 7 = Sunday' });

const Restriction = Type.Object(
  {
    start: HHMM,
    // 24:00 is the end of the day: 00:00-24:00 is a whole day, as the schedules' rules and errors say.
    end: Type.String({ pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$', description: 'HH:MM, or 24:00 for the end of the day; at or before start runs past midnight' }),
    days: Type.Optional(Type.Array(Weekday, { maxItems: 7 })),
  },
  { additionalProperties: false },
);

const ShiftLength = Type.Object(
  { unit: Type.Union([Type.Literal('hours'), Type.Literal('days'), Type.Literal('weeks')]), count: Type.Integer({ minimum: 1, maximum: 10_000 }) },
  { additionalProperties: false, description: 'Days and weeks follow the wall clock across DST; hours are real hours' },
);

const layerFields = {
  name: Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH }),
  members: Members,
  shift: ShiftLength,
  handoff: HHMM,
  start_date: LocalDate,
  restrictions: Nullable(Type.Array(Restriction, { maxItems: 50 })),
  ends_at: Nullable(Time),
};

export const LayerSchema = Type.Object({ id: Type.String(), ...layerFields });
export const LayerInput = Type.Object(
  {
    id: Type.Optional(Id),
    name: Type.Optional(layerFields.name),
    members: Members,
    shift: ShiftLength,
    handoff: Type.Optional(HHMM),
    start_date: LocalDate,
    restrictions: Type.Optional(layerFields.restrictions),
    ends_at: Type.Optional(layerFields.ends_at),
  },
  { additionalProperties: false },
);

export const WarningSchema = Type.Object({
  kind: Type.String({ description: 'inactive_member: a member is deleted or deactivated; gap: nobody is on call for a while' }),
  message: Type.String(),
  user_id: Nullable(Type.String()),
  layer_id: Nullable(Type.String()),
  start: Nullable(Time),
  end: Nullable(Time),
});

export const ShiftSchema = Type.Object({
  start: Time,
  end: Time,
  user_id: Nullable(Type.String({ description: 'null: nobody is on call (a gap)' })),
  user_name: Nullable(Type.String()),
  layer_id: Nullable(Type.String()),
  override_id: Nullable(Type.String()),
  uncovered_user_id: Nullable(Type.String({ description: 'A deleted or deactivated member whose turn this gap is' })),
});

const OnCallNow = Nullable(Type.Object({ user_id: Type.String(), user_name: Nullable(Type.String()), start: Time, end: Time }));

export const ScheduleSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  time_zone: Type.String(),
  team_id: Nullable(Type.String()),
  description: Type.String(),
  layers: Type.Array(LayerSchema),
  on_call_now: OnCallNow,
  warnings: Type.Array(WarningSchema),
  has_feed: Type.Boolean({ description: 'Whether a calendar feed link exists' }),
  created_at: Time,
  updated_at: Time,
});

export const CreatedScheduleSchema = Type.Object({
  ...ScheduleSchema.properties,
  secondary: Type.Optional(ScheduleSchema),
});

const common = {
  time_zone: TimeZone,
  team_id: Type.Optional(Nullable(Id)),
  description: Type.Optional(Type.String({ maxLength: MAX_DESCRIPTION_LENGTH })),
};

export const NewScheduleBody = Type.Object(
  {
    name: Name,
    ...common,
    layers: Type.Optional(Type.Array(LayerInput, { maxItems: 20 })),
    template: Type.Optional(Type.Union([Type.Literal('weekly'), Type.Literal('follow-the-sun'), Type.Literal('primary-secondary')], { description: 'Builds the layers from members' })),
    members: Type.Optional(Members),
    start_date: Type.Optional(LocalDate),
    handoff: Type.Optional(HHMM),
  },
  { additionalProperties: false },
);

export const SchedulePatchBody = Type.Object(
  { name: Type.Optional(Name), time_zone: Type.Optional(TimeZone), team_id: common.team_id, description: common.description, layers: Type.Optional(Type.Array(LayerInput, { maxItems: 20, description: 'Replaces every layer' })) },
  { additionalProperties: false },
);

export const RangeQuery = Type.Object({ from: Type.Optional(Time), to: Type.Optional(Time) });
export const AtQuery = Type.Object({ at: Type.Optional(Time) });

export const PlanSchema = Type.Object({
  schedule_id: Type.String(),
  time_zone: Type.String(),
  from: Time,
  to: Time,
  layers: Type.Array(Type.Object({ layer_id: Type.String(), name: Type.String(), shifts: Type.Array(ShiftSchema) })),
  overrides: Type.Array(ShiftSchema),
  final: Type.Array(ShiftSchema),
  warnings: Type.Array(WarningSchema),
});

export const OnCallAnswer = Type.Object({ schedule_id: Type.String(), at: Time, shift: Nullable(ShiftSchema) });

const ScheduleShift = Type.Object({ schedule_id: Type.String(), schedule_name: Type.String(), start: Time, end: Time });
export const UserOnCallAnswer = Type.Object({ user_id: Type.String(), at: Time, now: Type.Array(ScheduleShift), next: Nullable(ScheduleShift) });

export const OnCallList = Type.Object({
  at: Time,
  items: Type.Array(Type.Object({ schedule_id: Type.String(), schedule_name: Type.String(), user_id: Nullable(Type.String()), user_name: Nullable(Type.String()), start: Nullable(Time), end: Nullable(Time) })),
});

export const OverrideSchema = Type.Object({
  id: Type.String(),
  schedule_id: Type.String(),
  user_id: Type.String(),
  replaces: Nullable(Type.String()),
  start: Time,
  end: Time,
  created_by: Nullable(Type.String()),
  cover_request_id: Nullable(Type.String()),
  created_at: Time,
});

export const NewOverrideBody = Type.Object(
  { user_id: Id, replaces: Type.Optional(Nullable(Id)), start: Time, end: Time },
  { additionalProperties: false },
);

export const OverrideParams = Type.Object({ id: Id, overrideId: Id });

export const CoverRequestSchema = Type.Object({
  id: Type.String(),
  schedule_id: Type.String(),
  requester_id: Type.String(),
  start: Time,
  end: Time,
  note: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('taken'), Type.Literal('cancelled')]),
  taken_by: Nullable(Type.String()),
  override_id: Nullable(Type.String()),
  suggested_user_id: Nullable(Type.String({ description: 'Who should cover next: the member with the fewest on-call hours over the last 90 days' })),
  created_at: Time,
});

export const NewCoverRequestBody = Type.Object({ start: Time, end: Time, note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });

export const FeedLink = Type.Object({ url: Type.String({ description: 'Secret iCalendar link; rotating it makes the old one stop working' }) });

export const HolidaySchema = Type.Object({ date: Type.String({ description: 'YYYY-MM-DD, a whole day in the on-call person’s zone' }), name: Type.String() });
export const HolidayList = Type.Object({ schedule_id: Type.String(), holidays: Type.Array(HolidaySchema) });
export const HolidayImportAnswer = Type.Object({
  ...HolidayList.properties,
  skipped: Type.Integer({ description: 'Events that are not all-day, repeat (RRULE), are cancelled, or cannot be read' }),
});
export const HolidaysBody = Type.Union([
  Type.String({ maxLength: 1_000_000, description: 'An iCalendar file (Content-Type: text/calendar)' }),
  Type.Object({ ics: Type.String({ maxLength: 1_000_000, description: 'An iCalendar file' }) }, { additionalProperties: false }),
]);

const Rate = Type.Number({ minimum: 0, maximum: 1_000_000 });
export const PayRatesSchema = Type.Object(
  {
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. EUR' }),
    per_hour: Type.Optional(
      Type.Object(
        { business: Type.Optional(Rate), after_hours: Type.Optional(Rate), weekend: Type.Optional(Rate), holiday: Type.Optional(Rate) },
        { additionalProperties: false, description: 'Amount per hour on call in each category (absent: 0)' },
      ),
    ),
    per_shift: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000, description: 'Amount per stretch on call (touching shifts are one)' })),
  },
  { additionalProperties: false },
);
export const PayRatesAnswer = Type.Object({ schedule_id: Type.String(), rates: Nullable(PayRatesSchema) });

export const ReportQuery = Type.Object({
  from: Time,
  to: Time,
  schedule_id: Type.Optional(Id),
  user_id: Type.Optional(Id),
});
const Hours = (description: string) => Type.Number({ description });
const PayLine = Type.Object({
  currency: Type.String(),
  business: Type.Number(),
  after_hours: Type.Number(),
  weekend: Type.Number(),
  holiday: Type.Number(),
  per_shift: Type.Number(),
  total: Type.Number(),
});
export const ReportItem = Type.Object({
  user_id: Type.String(),
  user_name: Nullable(Type.String()),
  time_zone: Type.String({ description: 'The person’s zone: nights, weekends and business hours are counted in it' }),
  hours: Hours('Hours on call (each schedule counts: on two at once is twice)'),
  night_hours: Hours('Of which 22:00-07:00 in the person’s zone'),
  weekend_hours: Hours('Of which on Saturdays and Sundays in the person’s zone'),
  business_hours: Hours('Pay split: Monday-Friday 09:00-17:00 in the person’s zone, not a holiday'),
  after_hours: Hours('Pay split: other weekday hours'),
  weekend_pay_hours: Hours('Pay split: weekend hours that are not a holiday'),
  holiday_hours: Hours('Pay split: on a holiday of the schedule the shift came from'),
  shifts: Type.Integer({ description: 'Stretches on call, per schedule' }),
  incidents_led: Type.Integer({ description: 'Incidents (not drills) the person was commander of while they were open in the range' }),
  pages: Type.Integer({ description: 'Pages received in the range (escalations and by hand)' }),
  pages_after_hours: Type.Integer({ description: 'Of those, pages outside working hours (Monday to Friday 09:00-17:00) in the person’s own zone' }),
  pay: Type.Array(PayLine, { description: 'One line per currency of the schedules with pay rates; empty when none has rates' }),
});
export const OnCallReport = Type.Object({ from: Time, to: Time, items: Type.Array(ReportItem) });
