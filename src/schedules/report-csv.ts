import type { Static } from 'typebox';
import type * as S from './schemas.js';

// The on-call report as CSV, for the API's download and `tocsin report oncall --csv`. Pure.

export type OnCallReportJson = Static<typeof S.OnCallReport>;

export const HOUR_FIELDS = ['hours', 'night_hours', 'weekend_hours', 'business_hours', 'after_hours', 'weekend_pay_hours', 'holiday_hours'] as const;

const CSV_COLUMNS = ['user_id', 'user_name', 'time_zone', ...HOUR_FIELDS, 'shifts', 'incidents_led', 'pages', 'pages_after_hours', 'pay_currency', 'pay_total'] as const;

/** A CSV field: quoted when it must be, and never read as a formula by a spreadsheet. */
function csvField(v: string | number | null): string {
  let s = v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s) && typeof v === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The report as CSV: a header row, one row per person (several currencies are joined with " + "). */
export function reportCsv(report: OnCallReportJson): string {
  const rows = report.items.map((i) => {
    const cells: Record<(typeof CSV_COLUMNS)[number], string | number | null> = {
      ...i,
      pay_currency: i.pay.map((p) => p.currency).join(' + '),
      pay_total: i.pay.map((p) => p.total.toFixed(2)).join(' + '),
    };
    return CSV_COLUMNS.map((c) => csvField(cells[c])).join(',');
  });
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}
