// The one door to the pure on-call rules. The stand-in stays until model.ts lands; then this
// line changes to './model.js' and nothing else does.
export { nextOnCall, onCallAt, planOnCall, scheduleWarnings, shiftsFor, validateSchedule, type FieldError, type ScheduleWarning } from './model.stub.js';
export type * from './model.types.js';
