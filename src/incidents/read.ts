import type { Static } from 'typebox';
import { runner, type Ctx, type TxCtx } from '../core/context.js';
import type { Q } from '../core/db/index.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import {
  decodeCursor,
  encodeCursor,
  SEVERITIES,
  STATUSES,
  TIMELINE_PAGE_MAX,
  toTimelineJson,
  type IncidentJson,
  type IncidentStatus,
  type Severity,
  type TimelineEventJson,
} from './model.js';
import type * as S from './schemas.js';
import * as store from './store.js';
import { loadJson, lockIncident, toJsonMany } from './unit-of-work.js';

// Incident reads: one incident, the filtered list (one query per page plus one each for
// the page's services and roles), and the timeline.

export async function getIncident(ctx: Ctx, input: { id: string }): Promise<IncidentJson> {
  return loadJson(ctx, input.id);
}

/**
 * Several incidents by id, in id order; 404 for one that is not. `lock`: their rows held until
 * commit on PostgreSQL (see getIncidentForChange).
 */
export async function getIncidents(ctx: Ctx, ids: readonly string[], opts: { lock?: boolean } = {}): Promise<IncidentJson[]> {
  const rows = await store.findByIds(runner(ctx), [...new Set(ids)].sort(), !!opts.lock && ctx.db.dialect === 'postgres');
  const missing = ids.find((id) => !rows.some((r) => r.id === id));
  if (missing !== undefined) throw new NotFoundError('Incident', missing);
  return toJsonMany(ctx, rows);
}

/**
 * The incident (by id or number) with its row held until commit on PostgreSQL, for a change to
 * what hangs off it (its escalations, its pages). Every such change locks the incident first and
 * its escalations after, as a change to the incident itself does (an acknowledgement moves the
 * escalations after locking the incident): in the other order the two could deadlock.
 */
export async function getIncidentForChange(ctx: TxCtx, key: string): Promise<IncidentJson> {
  return (await toJsonMany(ctx, [await lockIncident(ctx, key)]))[0]!;
}

/**
 * The timeline oldest first, a page at a time: `after` a seq, at most `limit` events (one more is
 * read to tell whether the page is the last).
 */
export async function getTimeline(ctx: Ctx, input: { id: string; after?: number; limit?: number }): Promise<{ items: TimelineEventJson[]; has_more: boolean }> {
  const row = await store.findByKey(ctx.db.kysely, input.id);
  if (!row) throw new NotFoundError('Incident', input.id);
  const limit = Math.min(input.limit ?? TIMELINE_PAGE_MAX, TIMELINE_PAGE_MAX);
  const events = await store.listTimeline(ctx.db.kysely, row.id, { after: input.after, limit: limit + 1 });
  return { items: events.slice(0, limit).map(toTimelineJson), has_more: events.length > limit };
}

export interface ListInput {
  /** Comma lists, as the query string carries them. */
  status?: string;
  severity?: string;
  service_id?: string;
  /** RFC 3339 bounds on detected_at (inclusive). */
  since?: string;
  until?: string;
  q?: string;
  drill?: boolean;
  limit?: number;
  cursor?: string;
}

export type IncidentPage = Static<typeof S.IncidentPage>;

function commaList<T extends string>(raw: string | undefined, allowed: readonly T[], field: string): T[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const values = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (values.length === 0) return undefined; // `?status=,,,` filters nothing, like an empty value
  const bad = values.filter((v) => !allowed.includes(v as T));
  if (bad.length) throw new ValidationError(`${field} must be a comma list of ${allowed.join(', ')}; got ${bad.join(', ')}`, field);
  return values as T[];
}

function time(raw: string | undefined, field: string): number | undefined {
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw new ValidationError(`${field} must be an RFC 3339 time`, field);
  return ms;
}

function toFilter(input: ListInput, ilike: boolean): store.ListFilter {
  const limit = input.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new ValidationError('limit must be from 1 to 200', 'limit');
  const before = input.cursor === undefined ? undefined : decodeCursor(input.cursor);
  if (before === null) throw new ValidationError('cursor is not one this server gave out', 'cursor');
  const text = input.q?.trim();
  return {
    status: commaList<IncidentStatus>(input.status, STATUSES, 'status'),
    severity: commaList<Severity>(input.severity, SEVERITIES, 'severity'),
    serviceId: input.service_id,
    since: time(input.since, 'since'),
    until: time(input.until, 'until'),
    q: text ? text : undefined,
    ilike,
    drill: input.drill,
    before,
    limit: limit + 1,
  };
}

/** Newest first by number; `next_cursor` is null on the last page. */
export async function listIncidents(ctx: Ctx, input: ListInput): Promise<IncidentPage> {
  const filter = toFilter(input, ctx.db.dialect === 'postgres');
  const rows = await store.listIncidents(ctx.db.kysely, filter);
  const page = rows.slice(0, filter.limit - 1);
  const items = await toJsonMany(ctx, page);
  const more = rows.length > page.length;
  return { items, next_cursor: more ? encodeCursor(Number(page[page.length - 1]!.number)) : null };
}

/** Open incidents by severity and status (for /metrics; no actor: the scraper is an operator). */
export async function openIncidentCounts(q: Q): Promise<{ severity: string; status: string; n: number }[]> {
  const rows = await store.countOpen(q);
  return rows.map((r) => ({ severity: r.severity, status: r.status, n: Number(r.n) }));
}

/** How many incidents each person led (was commander of) while they were open in [from, to); for the on-call report. */
export async function incidentsLedBy(ctx: Ctx, from: number, to: number): Promise<Map<string, number>> {
  return store.commandersIn(runner(ctx), from, to);
}
