import { describe, expect, it } from 'vitest';
import { reportCsv, type OnCallReportJson } from './report-csv.js';

const item = (over: Partial<OnCallReportJson['items'][number]>): OnCallReportJson['items'][number] => ({
  user_id: 'usr_1',
  user_name: 'Ana',
  time_zone: 'Europe/Berlin',
  hours: 10,
  night_hours: 2,
  weekend_hours: 0,
  business_hours: 8,
  after_hours: 2,
  weekend_pay_hours: 0,
  holiday_hours: 0,
  shifts: 1,
  incidents_led: 0,
  pages: 0,
  pages_after_hours: 0,
  pay: [],
  ...over,
});
const report = (items: OnCallReportJson['items']): OnCallReportJson => ({ from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z', items });

describe('the on-call report as CSV', () => {
  it('has a header row and one row per person, CRLF-ended', () => {
    const csv = reportCsv(report([item({}), item({ user_id: 'usr_2', user_name: null })]));
    expect(csv.split('\r\n')).toEqual([
      'user_id,user_name,time_zone,hours,night_hours,weekend_hours,business_hours,after_hours,weekend_pay_hours,holiday_hours,shifts,incidents_led,pages,pages_after_hours,pay_currency,pay_total',
      'usr_1,Ana,Europe/Berlin,10,2,0,8,2,0,0,1,0,0,0,,',
      'usr_2,,Europe/Berlin,10,2,0,8,2,0,0,1,0,0,0,,',
      '',
    ]);
  });

  it('quotes commas and quotes, and keeps names from running as spreadsheet formulas', () => {
    const csv = reportCsv(report([item({ user_name: 'Doe, "Jo"' }), item({ user_name: '=HYPERLINK("x")' })]));
    const [, a, b] = csv.split('\r\n');
    expect(a).toMatch(/^usr_1,"Doe, ""Jo""",/);
    expect(b).toMatch(/^usr_1,"'=HYPERLINK\(""x""\)",/);
  });

  it('joins several currencies', () => {
    const pay = [
      { currency: 'EUR', business: 0, after_hours: 0, weekend: 0, holiday: 0, per_shift: 10, total: 10 },
      { currency: 'USD', business: 1.5, after_hours: 0, weekend: 0, holiday: 0, per_shift: 0, total: 1.5 },
    ];
    expect(reportCsv(report([item({ pay })])).split('\r\n')[1]).toMatch(/,EUR \+ USD,10\.00 \+ 1\.50$/);
  });
});
