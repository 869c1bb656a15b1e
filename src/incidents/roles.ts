import type { Ctx } from '../core/context.js';
import { ConflictError, NotFoundError } from '../core/errors.js';
import { planAssignment, type IncidentJson, type IncidentRole } from './model.js';
import * as store from './store.js';
import { checkActiveUser, loadJson, withIncident, type Work } from './unit-of-work.js';

// Incident roles: commander and communications lead are one person each (assigning someone
// else hands over), technical leads may be several. Holders must be active users.

export interface RoleInput {
  /** The incident id or number. */
  id: string;
  role: IncidentRole;
  user_id: string;
}

function refuseIfClosed(w: Work): void {
  if (w.row.status === 'closed') throw new ConflictError('The incident is closed; its roles can no longer change');
}

/** Assigns a role, or hands a single-holder role over from its current holder. */
export async function assignRole(ctx: Ctx, input: RoleInput): Promise<IncidentJson> {
  return withIncident(ctx, input.id, async (w) => {
    refuseIfClosed(w);
    const user = await checkActiveUser(w.ctx, input.user_id, 'user_id');
    const plan = planAssignment(w.holders, input.role, user.id);
    if (!plan.ok) throw new ConflictError(plan.reason);
    if (plan.previous) await store.deleteRole(w.q, w.row.id, input.role, plan.previous.user_id);
    await store.insertRole(w.q, w.row.id, input.role, user.id, w.now);
    await store.updateIncident(w.q, w.row.id, { updated_at: w.now });
    const previous = plan.previous ? { id: plan.previous.user_id, name: plan.previous.name } : null;
    await w.append('role_assigned', { role: input.role, user, previous });
    return loadJson(w.ctx, w.row.id);
  });
}

/** Releases a role its holder no longer fills; 404 when that user does not hold it. */
export async function releaseRole(ctx: Ctx, input: RoleInput): Promise<IncidentJson> {
  return withIncident(ctx, input.id, async (w) => {
    refuseIfClosed(w);
    const holder = w.holders.find((h) => h.role === input.role && h.user_id === input.user_id);
    if (!holder) throw new NotFoundError(`Role ${input.role} held by user`, input.user_id);
    await store.deleteRole(w.q, w.row.id, input.role, input.user_id);
    await store.updateIncident(w.q, w.row.id, { updated_at: w.now });
    await w.append('role_released', { role: input.role, user: { id: holder.user_id, name: holder.name } });
    return loadJson(w.ctx, w.row.id);
  });
}
