// The schedule rules, pure: who is on call (planOnCall and the questions built on it), checks of
// a schedule as entered and warnings about a saved one, and the fairness and pay figures.

export type { IsoWeekday, Layer, OnCallPlan, Override, Restriction, Schedule, Shift, ShiftLength } from './model.types.js';
export { EARLIEST, LATEST, nextOnCall, onCallAt, planOnCall, shiftsFor, turnsIn, type PlanOptions } from './model.plan.js';
export { SCHEDULE_LIMITS, scheduleWarnings, validateSchedule, type ScheduleProblem, type ScheduleValidation, type ScheduleWarning } from './model.validate.js';
export { canonicalZone } from './model.zone.js';
export {
  DEFAULT_WORKING_HOURS,
  onCallHours,
  onCallPay,
  PAY_CATEGORIES,
  whoShouldCoverNext,
  type FairnessInput,
  type OnCallHours,
  type OnCallPay,
  type PayCategory,
  type PayRates,
  type WorkingHours,
} from './model.fairness.js';
export { parseHolidaysIcs, type Holiday, type HolidayImport } from './model.holidays.js';
