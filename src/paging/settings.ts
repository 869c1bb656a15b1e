import { actingRoleOf, roleAtLeast, runner, type Ctx } from '../core/context.js';
import { ForbiddenError, ValidationError } from '../core/errors.js';
import { inTransaction } from '../core/events.js';
import type { Severity } from '../incidents/model.js';
import { escalationPolicyOf } from '../services/service.js';
import { checkBusinessHours, DEFAULT_BUSINESS_HOURS, DEFAULT_URGENCIES, type BusinessHours, type UrgencySetting } from './model.js';
import * as store from './store.js';

// How urgent each severity is for a service, and its business hours (low urgency waits for them).

export interface PagingSettings {
  urgencies: Record<Severity, UrgencySetting>;
  business_hours: BusinessHours;
}

export async function pagingSettingsOf(ctx: Ctx, serviceIds: readonly string[]): Promise<Map<string, PagingSettings>> {
  const rows = new Map((await store.pagingSettingsOf(runner(ctx), serviceIds)).map((r) => [r.service_id, r]));
  return new Map(
    serviceIds.map((id) => {
      const r = rows.get(id);
      return [
        id,
        {
          urgencies: { ...DEFAULT_URGENCIES, ...(r ? (JSON.parse(r.urgencies) as Partial<Record<Severity, UrgencySetting>>) : {}) },
          business_hours: r?.business_hours ? (JSON.parse(r.business_hours) as BusinessHours) : DEFAULT_BUSINESS_HOURS,
        },
      ];
    }),
  );
}

/** A service's paging settings as the API shows them (the defaults when never set); unknown service: 404. */
export async function getPagingSettings(ctx: Ctx, serviceId: string): Promise<PagingSettings> {
  await escalationPolicyOf(ctx, serviceId);
  return (await pagingSettingsOf(ctx, [serviceId])).get(serviceId)!;
}

/** Changes urgencies (the severities given) and business hours; admin only. */
export async function setPagingSettings(ctx: Ctx, serviceId: string, patch: Partial<{ urgencies: Partial<Record<Severity, UrgencySetting>>; business_hours: BusinessHours }>): Promise<PagingSettings> {
  if (!roleAtLeast(actingRoleOf(ctx.actor), 'admin')) throw new ForbiddenError('Changing how a service pages needs the admin role');
  if (patch.business_hours) {
    const bad = checkBusinessHours(patch.business_hours);
    if (bad) throw new ValidationError(bad.message, bad.field);
  }
  return inTransaction(ctx, async (t) => {
    const current = await getPagingSettings(t, serviceId);
    const next = { urgencies: { ...current.urgencies, ...patch.urgencies }, business_hours: patch.business_hours ?? current.business_hours };
    await store.upsertPagingSettings(t.tx, { service_id: serviceId, urgencies: JSON.stringify(next.urgencies), business_hours: JSON.stringify(next.business_hours), updated_at: t.clock.now().getTime() });
    return next;
  });
}
