import { DateTime } from 'luxon';
import { runner, type Ctx } from '../core/context.js';
import { isUniqueViolation, type Q } from '../core/db/index.js';
import { inTransaction } from '../core/events.js';
import { ConflictError, ValidationError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { toListInput, toPage, type ListQuery, type Page } from '../core/lists.js';
import { checkDescription, requireKnown } from '../teams/model.js';
import { teamExists } from '../teams/service.js';
import { checkName, checkTimeZone, parseTime } from '../users/model.js';
import { existingUserIds } from '../users/service.js';
import { AROUND_MS, DAY, loadMany, loadOne, peopleIn, requireRole, type Loaded } from './load.js';
import { onCallAt, scheduleWarnings, shiftsFor, validateSchedule, type Layer, type Restriction } from './rules.js';
import * as store from './store.js';
import { followTheSun, MIN_MEMBERS, primarySecondaryNames, rotateByOne, weekly, type LayerDraft, type Template } from './templates.js';
import { covered, gapWarning, toLayerJson, toLayerRow, toWarningJson, type ScheduleJson } from './view.js';

// Schedules: create (from layers or a template), read with who is on call and what is wrong, change, delete.

export interface LayerInput {
  id?: string;
  name?: string;
  members: string[];
  shift: Layer['shift'];
  handoff?: string;
  start_date: string;
  /** Checked by the API schema: days are 1-7. */
  restrictions?: { start: string; end: string; days?: number[] }[] | null;
  ends_at?: string | null;
}

export interface NewSchedule {
  name: string;
  time_zone: string;
  team_id?: string | null;
  description?: string;
  layers?: LayerInput[];
  template?: Template;
  members?: string[];
  start_date?: string;
  handoff?: string;
}

export type SchedulePatch = Partial<Pick<NewSchedule, 'name' | 'time_zone' | 'team_id' | 'description' | 'layers'>>;

/** How far ahead a schedule's warnings look. */
const WARNING_HORIZON_MS = 28 * DAY;

/** Schedules as the API shows them: layers, who is on call now, and what needs attention. */
export async function describe(ctx: Ctx, loaded: Loaded[], now: number): Promise<ScheduleJson[]> {
  const people = await peopleIn(ctx, loaded.map((l) => l.schedule));
  return loaded.map(({ row, schedule }) => {
    const current = onCallAt(schedule, now);
    const warnings = scheduleWarnings(schedule, people.inactive, now, now + WARNING_HORIZON_MS);
    const gap = schedule.layers.length ? gapWarning(shiftsFor(schedule, now, now + WARNING_HORIZON_MS), people.inactive) : null;
    return {
      id: row.id,
      name: row.name,
      time_zone: row.time_zone,
      team_id: row.team_id,
      description: row.description,
      layers: schedule.layers.map(toLayerJson),
      on_call_now: covered(current, people.inactive)
        ? { user_id: current.user_id, user_name: people.names.get(current.user_id) ?? null, start: new Date(current.start).toISOString(), end: new Date(current.end).toISOString() }
        : null,
      warnings: [...warnings, ...(gap ? [gap] : [])].map(toWarningJson),
      has_feed: row.feed_token_hash !== null,
      created_at: new Date(Number(row.created_at)).toISOString(),
      updated_at: new Date(Number(row.updated_at)).toISOString(),
    };
  });
}

const nowOf = (ctx: Ctx): number => ctx.clock.now().getTime();

export async function getSchedule(ctx: Ctx, id: string): Promise<ScheduleJson> {
  const now = nowOf(ctx);
  return (await describe(ctx, [await loadOne(runner(ctx), id, now - AROUND_MS, now + WARNING_HORIZON_MS + AROUND_MS)], now))[0]!;
}

export async function listSchedules(ctx: Ctx, query: ListQuery): Promise<Page<ScheduleJson>> {
  const now = nowOf(ctx);
  const input = toListInput(query);
  const rows = await store.list(runner(ctx), input);
  const shown = await describe(ctx, await loadMany(runner(ctx), rows.slice(0, input.limit), now - AROUND_MS, now + WARNING_HORIZON_MS + AROUND_MS), now);
  const byId = new Map(shown.map((s) => [s.id, s]));
  return toPage(rows, input.limit, (r) => byId.get(r.id)!);
}

/** The schedules a team owns, by name. */
export async function schedulesOfTeam(ctx: Ctx, teamId: string): Promise<{ id: string; name: string }[]> {
  return store.ofTeam(runner(ctx), teamId);
}

/** Input layers to checked layers: defaults, RFC 3339 ends, every rule naming its field. */
async function checkLayers(ctx: Ctx, timeZone: string, inputs: LayerInput[], keep: ReadonlySet<string> = new Set()): Promise<Layer[]> {
  const kept = new Set<string>();
  // A layer keeps its id across edits (calendars and hand-offs refer to it), once; other ids are new.
  const idOf = (id: string | undefined): string => (id && keep.has(id) && !kept.has(id) ? (kept.add(id), id) : newId('lyr'));
  const layers: Layer[] = inputs.map((l, i) => ({
    id: idOf(l.id),
    name: l.name?.trim() || `Layer ${i + 1}`,
    members: l.members,
    shift: l.shift,
    handoff: l.handoff ?? '09:00',
    start_date: l.start_date,
    ...(l.restrictions?.length ? { restrictions: l.restrictions as Restriction[] } : {}),
    ends_at: l.ends_at ? parseTime(l.ends_at, `layers.${i}.ends_at`) : null,
  }));
  const first = validateSchedule({ time_zone: timeZone, layers })[0];
  if (first) throw new ValidationError(first.message, first.field);
  for (const [i, l] of layers.entries()) requireKnown(l.members, await existingUserIds(ctx, l.members), `layers.${i}.members`, 'user');
  return layers;
}

async function checkTeam(ctx: Ctx, teamId: string | null | undefined): Promise<string | null> {
  if (!teamId) return null;
  if (!(await teamExists(ctx, teamId))) throw new ValidationError(`team_id: there is no team ${teamId}`, 'team_id');
  return teamId;
}

/** The layers a template builds, as layer inputs; primary/secondary also gives the secondary's. */
function fromTemplate(input: NewSchedule, timeZone: string, now: number): { primary: LayerInput[]; secondary?: LayerInput[] } {
  const members = input.members ?? [];
  const template = input.template!;
  if (input.layers) throw new ValidationError('give either layers or a template, not both', 'layers');
  if (members.length < MIN_MEMBERS[template]) throw new ValidationError(`the ${template} template needs at least ${MIN_MEMBERS[template]} members`, 'members');
  const start = input.start_date ?? DateTime.fromMillis(now, { zone: timeZone }).toISODate()!;
  const handoff = input.handoff ?? '09:00';
  const drafts = (d: LayerDraft[]): LayerInput[] => d.map((l) => ({ ...l, ends_at: null }));
  if (template === 'follow-the-sun') return { primary: drafts(followTheSun(members, start)) };
  if (template === 'weekly') return { primary: drafts(weekly(members, start, handoff)) };
  return { primary: drafts(weekly(members, start, handoff)), secondary: drafts(weekly(rotateByOne(members), start, handoff)) };
}

async function guardUnique<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`A schedule named ${name} already exists`);
    throw err;
  }
}

async function insertSchedule(q: Q, fields: { name: string; time_zone: string; team_id: string | null; description: string }, layers: Layer[], now: number): Promise<string> {
  const id = newId('sch');
  const other = await store.findByName(q, fields.name);
  if (other) throw new ConflictError(`A schedule named ${other.name} already exists`);
  await store.insert(q, { id, ...fields, feed_token_hash: null, holidays: '[]', pay_rates: null, created_at: now, updated_at: now });
  await store.replaceLayers(q, id, layers.map((l, i) => toLayerRow(id, l, i)));
  return id;
}

export async function createSchedule(ctx: Ctx, input: NewSchedule): Promise<ScheduleJson & { secondary?: ScheduleJson }> {
  requireRole(ctx, 'admin', 'Creating schedules');
  const now = nowOf(ctx);
  const name = checkName(input.name);
  const timeZone = checkTimeZone(input.time_zone);
  const description = checkDescription(input.description ?? '');
  const team_id = await checkTeam(ctx, input.team_id);
  if (!input.template && input.members) throw new ValidationError('members go with a template; give layers otherwise', 'members');
  const built = input.template ? fromTemplate(input, timeZone, now) : { primary: input.layers ?? [] };
  const primary = await checkLayers(ctx, timeZone, built.primary);
  const secondary = built.secondary ? await checkLayers(ctx, timeZone, built.secondary) : null;
  const names = secondary ? primarySecondaryNames(name) : [name];
  const ids = await guardUnique(names.join(' or '), () =>
    inTransaction(ctx, async (t) => {
      const first = await insertSchedule(t.tx, { name: names[0]!, time_zone: timeZone, team_id, description }, primary, now);
      const second = secondary ? await insertSchedule(t.tx, { name: names[1]!, time_zone: timeZone, team_id, description }, secondary, now) : null;
      return [first, second] as const;
    }),
  );
  const made = await getSchedule(ctx, ids[0]);
  return ids[1] ? { ...made, secondary: await getSchedule(ctx, ids[1]) } : made;
}

export async function updateSchedule(ctx: Ctx, id: string, patch: SchedulePatch): Promise<ScheduleJson> {
  requireRole(ctx, 'admin', 'Changing schedules');
  const now = nowOf(ctx);
  const current = await loadOne(runner(ctx), id, now, now);
  const name = patch.name === undefined ? undefined : checkName(patch.name);
  const timeZone = patch.time_zone === undefined ? current.row.time_zone : checkTimeZone(patch.time_zone);
  const description = patch.description === undefined ? undefined : checkDescription(patch.description);
  const team_id = patch.team_id === undefined ? undefined : await checkTeam(ctx, patch.team_id);
  const layers = patch.layers === undefined ? undefined : await checkLayers(ctx, timeZone, patch.layers, new Set(current.schedule.layers.map((l) => l.id)));
  if (layers === undefined && patch.time_zone !== undefined) {
    const first = validateSchedule({ time_zone: timeZone, layers: current.schedule.layers })[0];
    if (first) throw new ValidationError(first.message, first.field);
  }
  await guardUnique(name ?? '', () =>
    inTransaction(ctx, async (t) => {
      await loadOne(t.tx, id, now, now);
      if (name !== undefined) {
        const other = await store.findByName(t.tx, name);
        if (other && other.id !== id) throw new ConflictError(`A schedule named ${other.name} already exists`);
      }
      if (layers) await store.replaceLayers(t.tx, id, layers.map((l, i) => toLayerRow(id, l, i)));
      await store.update(t.tx, id, { ...(name === undefined ? {} : { name }), time_zone: timeZone, ...(description === undefined ? {} : { description }), ...(team_id === undefined ? {} : { team_id }), updated_at: now });
    }),
  );
  return getSchedule(ctx, id);
}

/** Deletes a schedule with its layers, overrides, cover requests and feed. */
export async function deleteSchedule(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, 'admin', 'Deleting schedules');
  await inTransaction(ctx, async (t) => {
    await loadOne(t.tx, id, 0, 0);
    await store.remove(t.tx, id);
  });
}
