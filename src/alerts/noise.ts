import type { Static } from 'typebox';
import { ValidationError } from '../core/errors.js';
import type * as S from './schemas.js';

// The noise report: "every alert that fires should either require action or be removed".
// Per source and alert class, how often alerts fired and how often anyone acted on them; and
// which ones are candidates for removal. Pure: counts come from the store, time is passed in.

/** One (source, alert class) over the range, as the store counts it (fields described in the schema). */
export type NoiseRow = Static<typeof S.NoiseRowSchema>;

export type RemovalCandidate = Static<typeof S.NoiseReportSchema>['removal_candidates'][number];

/** Fewer firings than this are too few to call an alert noise. */
export const MIN_FIRED_FOR_REMOVAL = 3;
/** An alert class acted on at most this share of the time is a removal candidate. */
export const MAX_HANDLED_SHARE = 0.1;

const DAY = 86_400_000;
export const DEFAULT_RANGE_MS = 30 * DAY;
export const MAX_RANGE_MS = 400 * DAY;

/** The report's range: `to` defaults to now, `from` to 30 days before `to`. */
export function noiseRange(input: { from?: string; to?: string }, now: number): { from: number; to: number } {
  const to = input.to === undefined ? now : Date.parse(input.to);
  if (Number.isNaN(to)) throw new ValidationError('to must be an RFC 3339 time', 'to');
  const from = input.from === undefined ? to - DEFAULT_RANGE_MS : Date.parse(input.from);
  if (Number.isNaN(from)) throw new ValidationError('from must be an RFC 3339 time', 'from');
  if (from >= to) throw new ValidationError('from must be before to', 'from');
  if (to - from > MAX_RANGE_MS) throw new ValidationError('A range spans at most 400 days', 'from');
  return { from, to };
}

function reasonOf(r: NoiseRow): string {
  const acted = r.handled === 0 ? 'never acted on' : `acted on ${r.handled} time${r.handled === 1 ? '' : 's'}`;
  const selfResolved = r.self_resolved > 0 ? `; ${r.self_resolved} resolved by themselves` : '';
  return `fired ${r.fired} times, ${acted}${selfResolved}`;
}

/**
 * Alert classes that fire often and are (almost) never acted on, noisiest first: most ignored
 * firings, then most events absorbed, then most resolved by themselves; ties by name.
 */
export function removalCandidates(rows: readonly NoiseRow[], minFired = MIN_FIRED_FOR_REMOVAL, maxHandledShare = MAX_HANDLED_SHARE): RemovalCandidate[] {
  return rows
    .filter((r) => r.fired >= minFired && r.handled / r.fired <= maxHandledShare)
    .sort(
      (a, b) =>
        b.fired - b.handled - (a.fired - a.handled) ||
        b.events - a.events ||
        b.self_resolved - a.self_resolved ||
        a.source.localeCompare(b.source) ||
        a.source_ref.localeCompare(b.source_ref) ||
        a.alert_class.localeCompare(b.alert_class),
    )
    .map((r) => ({
      source: r.source,
      source_ref: r.source_ref,
      source_name: r.source_name,
      service_name: r.service_name,
      alert_class: r.alert_class,
      fired: r.fired,
      ignored: r.fired - r.handled,
      events: r.events,
      reason: reasonOf(r),
    }));
}

/** Totals over every row, for the report's head line. */
export function noiseTotals(rows: readonly NoiseRow[]): { fired: number; handled: number; ignored: number; events: number } {
  const fired = rows.reduce((n, r) => n + r.fired, 0);
  const handled = rows.reduce((n, r) => n + r.handled, 0);
  return { fired, handled, ignored: fired - handled, events: rows.reduce((n, r) => n + r.events, 0) };
}
