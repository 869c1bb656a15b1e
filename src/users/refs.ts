import { runner, type Ctx } from '../core/context.js';
import * as store from './store.js';

// What other domains ask about people: names for display, and whether an id is a person who
// can take work. They call these instead of reading the users tables.

export const userNames = (ctx: Ctx, ids: readonly string[]): Promise<Map<string, string>> => store.namesOf(runner(ctx), ids);

export const findActiveUserRef = (ctx: Ctx, id: string): Promise<{ id: string; name: string } | undefined> => store.findActiveRef(runner(ctx), id);

/** Which of these ids are users (active or not). */
export const existingUserIds = (ctx: Ctx, ids: string[]): Promise<Set<string>> => store.existingUserIds(runner(ctx), ids);

/** Each person's own time zone (fairness counts nights and weekends in it). */
export const userTimeZones = (ctx: Ctx, ids: readonly string[]): Promise<Map<string, string>> => store.timeZonesOf(runner(ctx), ids);
