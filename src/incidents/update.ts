import type { Updateable } from 'kysely';
import type { Ctx } from '../core/context.js';
import type { IncidentsTable } from './tables.js';
import { ConflictError, ValidationError } from '../core/errors.js';
import type { Impact, IncidentJson } from './model.js';
import * as store from './store.js';
import { checkServices, loadJson, withIncident, type Work } from './unit-of-work.js';

export interface UpdateInput {
  /** The incident id or number. */
  id: string;
  title?: string;
  impact?: Partial<Impact>;
  hypothesis?: string;
  root_cause_category?: string | null;
  service_ids?: string[];
}

type Change = { from: unknown; to: unknown };

function fieldChanges(w: Work, input: UpdateInput): { set: Updateable<IncidentsTable>; changes: Record<string, Change> } {
  const set: Updateable<IncidentsTable> = {};
  const changes: Record<string, Change> = {};
  const title = input.title?.trim();
  if (title === '') throw new ValidationError('title must not be blank', 'title');
  if (title !== undefined && title !== w.row.title) {
    set.title = title;
    changes.title = { from: w.row.title, to: title };
  }
  if (input.hypothesis !== undefined && input.hypothesis !== w.row.hypothesis) {
    set.hypothesis = input.hypothesis;
    changes.hypothesis = { from: w.row.hypothesis, to: input.hypothesis };
  }
  if (input.root_cause_category !== undefined && input.root_cause_category !== w.row.root_cause_category) {
    set.root_cause_category = input.root_cause_category;
    changes.root_cause_category = { from: w.row.root_cause_category, to: input.root_cause_category };
  }
  const before: Impact = {
    users_affected: w.row.users_affected === null ? null : Number(w.row.users_affected),
    functionality_broken: w.row.functionality_broken,
    data_at_risk: Boolean(w.row.data_at_risk),
  };
  const after: Impact = { ...before, ...input.impact };
  if (JSON.stringify(before) !== JSON.stringify(after)) {
    Object.assign(set, { users_affected: after.users_affected, functionality_broken: after.functionality_broken, data_at_risk: after.data_at_risk ? 1 : 0 });
    changes.impact = { from: before, to: after };
  }
  return { set, changes };
}

async function serviceChange(w: Work, ids: string[] | undefined): Promise<Change | null> {
  if (ids === undefined) return null;
  const next = (await checkServices(w.ctx, ids)).sort();
  const current = (await store.servicesOf(w.q, [w.row.id])).map((s) => s.service_id).sort();
  if (JSON.stringify(next) === JSON.stringify(current)) return null;
  await store.setServices(w.q, w.row.id, next);
  return { from: current, to: next };
}

/** Edits the descriptive fields; an `updated` event lists what changed (nothing changed, no event). */
export async function updateIncident(ctx: Ctx, input: UpdateInput): Promise<IncidentJson> {
  return withIncident(ctx, input.id, async (w) => {
    if (w.row.status === 'closed') throw new ConflictError('The incident is closed; its details, root cause included, can no longer change');
    const { set, changes } = fieldChanges(w, input);
    const services = await serviceChange(w, input.service_ids);
    if (services) changes.service_ids = services;
    const fields = Object.keys(changes);
    if (fields.length === 0) return loadJson(w.ctx, w.row.id);
    await store.updateIncident(w.q, w.row.id, { ...set, updated_at: w.now });
    await w.append('updated', { fields, changes });
    return loadJson(w.ctx, w.row.id);
  });
}
