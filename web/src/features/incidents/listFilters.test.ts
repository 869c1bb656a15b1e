import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, detectionWindow, incidentQuery, listFiltersOf, narrowingCount, readFilters, writeFilters } from './listFilters';

const NOW = Date.parse('2026-03-10T03:00:00.000Z');
const read = (qs: string) => readFilters(new URLSearchParams(qs));

describe('list filters in the URL', () => {
  it('reads a plain address as the defaults and writes the defaults as a plain address', () => {
    expect(read('')).toEqual(DEFAULT_FILTERS);
    expect(writeFilters(DEFAULT_FILTERS).toString()).toBe('');
  });

  it('round-trips every filter', () => {
    const qs = 'view=all&severity=SEV-1%2CSEV-2&q=checkout&service=svc_1&detected=custom&from=2026-03-01&to=2026-03-05&drill=real';
    const f = read(qs);
    expect(f).toEqual({ view: 'all', severity: ['SEV-1', 'SEV-2'], q: 'checkout', service: 'svc_1', detected: 'custom', from: '2026-03-01', to: '2026-03-05', drill: 'real' });
    expect(writeFilters(f).toString()).toBe(qs);
  });

  it('ignores what it does not know instead of failing', () => {
    expect(read('view=nope&severity=SEV-9,SEV-1&detected=1y&drill=maybe&from=2026-01-01')).toEqual({ ...DEFAULT_FILTERS, severity: ['SEV-1'] });
    expect(read('detected=custom&from=yesterday&to=2026-13-45')).toMatchObject({ detected: 'custom', from: '', to: '' });
  });

  it('drops custom days when a preset is chosen', () => {
    expect(writeFilters({ ...DEFAULT_FILTERS, detected: '7d', from: '2026-01-01' }).toString()).toBe('detected=7d');
  });

  it('counts the filters that narrow the list', () => {
    expect(narrowingCount(DEFAULT_FILTERS)).toBe(0);
    expect(narrowingCount({ ...DEFAULT_FILTERS, view: 'all' })).toBe(0);
    expect(narrowingCount({ ...DEFAULT_FILTERS, service: 'svc_1', detected: '24h', drill: 'drills', q: ' ' })).toBe(3);
  });
});

describe('detectionWindow', () => {
  it('reaches back from now for a preset', () => {
    expect(detectionWindow({ detected: '24h', from: '', to: '' }, NOW)).toEqual({ since: '2026-03-09T03:00:00.000Z' });
    expect(detectionWindow({ detected: '90d', from: '', to: '' }, NOW)).toEqual({ since: '2025-12-10T03:00:00.000Z' });
    expect(detectionWindow({ detected: 'any', from: '2026-01-01', to: '' }, NOW)).toEqual({});
  });

  it('runs custom days from the first midnight to the end of the last day, where the reader is', () => {
    const w = detectionWindow({ detected: 'custom', from: '2026-03-01', to: '2026-03-05' }, NOW);
    expect(w.since).toBe(dayjs('2026-03-01T00:00:00').toISOString());
    expect(w.until).toBe(dayjs('2026-03-05T23:59:59.999').toISOString());
    expect(detectionWindow({ detected: 'custom', from: '', to: '2026-03-05' }, NOW).since).toBeUndefined();
  });
});

describe('incidentQuery', () => {
  const base = listFiltersOf(DEFAULT_FILTERS, '');
  it('asks for the open statuses and nothing else by default', () => {
    expect(incidentQuery(base, NOW, 50)).toEqual({ status: 'triggered,acknowledged,mitigated', severity: '', q: '', limit: 50, service_id: undefined, drill: undefined, cursor: undefined });
  });

  it('passes service, window, drill and cursor to the API', () => {
    const f = listFiltersOf({ ...DEFAULT_FILTERS, view: 'all', service: 'svc_1', detected: '7d', drill: 'drills' }, ' db ');
    expect(incidentQuery(f, NOW, 50, 'c2')).toMatchObject({ status: '', service_id: 'svc_1', since: '2026-03-03T03:00:00.000Z', q: 'db', drill: true, cursor: 'c2' });
    expect(incidentQuery({ ...f, drill: 'real' }, NOW, 50).drill).toBe(false);
  });
});
