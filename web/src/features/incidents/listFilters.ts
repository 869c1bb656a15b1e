import { OPEN_STATUSES, SEVERITIES, type IncidentQuery, type IncidentStatus, type Severity } from './types';

// The list's filters as the URL carries them (`?view=all&service=svc_1&detected=7d&drill=real`)
// and as the API wants them (GET /incidents: status, severity, service_id, since, until, q, drill).

export type StatusView = 'open' | 'resolved' | 'closed' | 'all';
/** When it was detected: a window back from now, any time, or a custom from–to (calendar days). */
export type DetectedRange = '24h' | '7d' | '30d' | '90d' | 'any' | 'custom';
/** Drills are practice: show everything, only real incidents, or only drills. */
export type DrillFilter = 'all' | 'real' | 'drills';

export interface FilterState {
  view: StatusView;
  severity: Severity[];
  q: string;
  /** A service id, '' for every service. */
  service: string;
  detected: DetectedRange;
  /** Custom range only: 'YYYY-MM-DD' in the reader's time zone, '' for open-ended. */
  from: string;
  to: string;
  drill: DrillFilter;
}

export const VIEW_STATUSES: Record<StatusView, IncidentStatus[]> = {
  open: OPEN_STATUSES,
  resolved: ['resolved'],
  closed: ['closed'],
  all: [],
};

export const DETECTED_HOURS: Record<Exclude<DetectedRange, 'any' | 'custom'>, number> = { '24h': 24, '7d': 24 * 7, '30d': 24 * 30, '90d': 24 * 90 };
export const DETECTED_LABEL: Record<DetectedRange, string> = {
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  any: 'Any time',
  custom: 'Custom range',
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A 'YYYY-MM-DD' day in the reader's time zone, at its first millisecond or (`end`) its last;
 * null when there is no such day. Plain Date, so the list (the first screen) needs no date library.
 */
function localDay(raw: string, end = false): Date | null {
  const m = DAY.exec(raw);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const at = end ? new Date(y, mo, d, 23, 59, 59, 999) : new Date(y, mo, d);
  return at.getFullYear() === y && at.getMonth() === mo && at.getDate() === d ? at : null;
}

const day = (raw: string | null): string => (raw && localDay(raw) ? raw : '');
const oneOf = <T extends string>(raw: string | null, allowed: readonly T[], fallback: T): T =>
  raw !== null && (allowed as readonly string[]).includes(raw) ? (raw as T) : fallback;

export const DEFAULT_FILTERS: FilterState = { view: 'open', severity: [], q: '', service: '', detected: 'any', from: '', to: '', drill: 'all' };

export function readFilters(p: URLSearchParams): FilterState {
  const detected = oneOf(p.get('detected'), Object.keys(DETECTED_LABEL) as DetectedRange[], 'any');
  const custom = detected === 'custom';
  return {
    view: oneOf(p.get('view'), Object.keys(VIEW_STATUSES) as StatusView[], 'open'),
    severity: (p.get('severity') ?? '').split(',').filter((s): s is Severity => (SEVERITIES as readonly string[]).includes(s)),
    q: p.get('q') ?? '',
    service: p.get('service') ?? '',
    detected,
    from: custom ? day(p.get('from')) : '',
    to: custom ? day(p.get('to')) : '',
    drill: oneOf(p.get('drill'), ['all', 'real', 'drills'], 'all'),
  };
}

/** The URL for `f`, leaving out what is the default, so a plain list has a plain address. */
export function writeFilters(f: FilterState): URLSearchParams {
  const p = new URLSearchParams();
  if (f.view !== 'open') p.set('view', f.view);
  if (f.severity.length) p.set('severity', f.severity.join(','));
  if (f.q) p.set('q', f.q);
  if (f.service) p.set('service', f.service);
  if (f.detected !== 'any') p.set('detected', f.detected);
  if (f.detected === 'custom' && f.from) p.set('from', f.from);
  if (f.detected === 'custom' && f.to) p.set('to', f.to);
  if (f.drill !== 'all') p.set('drill', f.drill);
  return p;
}

/** How many filters beyond the status view narrow the list (the phone's "Filters" badge). */
export function narrowingCount(f: FilterState): number {
  return [f.severity.length > 0, !!f.q.trim(), !!f.service, f.detected !== 'any', f.drill !== 'all'].filter(Boolean).length;
}

/** The detection window at `now`: presets reach back from it; custom days run midnight to midnight, local. */
export function detectionWindow(f: Pick<FilterState, 'detected' | 'from' | 'to'>, now: number): { since?: string; until?: string } {
  if (f.detected === 'any') return {};
  if (f.detected === 'custom') {
    return {
      since: f.from ? localDay(f.from)?.toISOString() : undefined,
      until: f.to ? localDay(f.to, true)?.toISOString() : undefined,
    };
  }
  return { since: new Date(now - DETECTED_HOURS[f.detected] * 3_600_000).toISOString() };
}

/** What the list query depends on (its cache key): the filters without the view's name. */
export type IncidentFilters = Omit<FilterState, 'view'> & { status: IncidentStatus[] };

/** Does the list ask for exactly the open statuses (the open view)? */
export const isOpenOnly = (status: readonly IncidentStatus[]): boolean =>
  status.length === OPEN_STATUSES.length && OPEN_STATUSES.every((s) => status.includes(s));

export function listFiltersOf(f: FilterState, q: string): IncidentFilters {
  const { view, ...rest } = f;
  return { ...rest, q, status: VIEW_STATUSES[view] };
}

/** GET /incidents parameters for one page; a preset's window is measured from `now` (the fetch). */
export function incidentQuery(f: IncidentFilters, now: number, limit: number, cursor?: string | null): IncidentQuery {
  return {
    status: f.status.join(','),
    severity: f.severity.join(','),
    service_id: f.service || undefined,
    ...detectionWindow(f, now),
    q: f.q.trim(),
    drill: f.drill === 'all' ? undefined : f.drill === 'drills',
    limit,
    cursor: cursor ?? undefined,
  };
}
