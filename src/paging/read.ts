import { toIso } from '../core/clock.js';
import { actingRoleOf, actorId, roleAtLeast, runner, type Ctx } from '../core/context.js';
import { ForbiddenError } from '../core/errors.js';
import { getIncident } from '../incidents/service.js';
import { userNames } from '../users/service.js';
import * as store from './store.js';
import type { EscalationsTable, PagesTable } from './tables.js';

// Who was paged, when, how, and whether it was delivered, failed or acknowledged: on the
// incident, and each person's own pages.

export type Delivery = 'planned' | 'skipped' | 'pending' | 'sending' | 'sent' | 'delivered' | 'failed';

async function describe(ctx: Ctx, pages: PagesTable[]) {
  const q = runner(ctx);
  const notes = await store.notificationsWithDelivery(q, pages.map((p) => p.id));
  const names = await userNames(ctx, [...new Set(pages.map((p) => p.user_id))]);
  const t = (v: number | string | null) => (v === null ? null : toIso(Number(v)));
  return pages.map((p) => ({
    id: p.id,
    incident_id: p.incident_id,
    user: { id: p.user_id, name: names.get(p.user_id) ?? p.user_id },
    reason: p.reason,
    tier: p.position === null ? null : Number(p.position),
    round: p.round === null ? null : Number(p.round),
    urgency: p.urgency,
    reply_code: p.reply_code,
    note: p.note,
    created_at: t(p.created_at)!,
    acknowledged_at: t(p.acknowledged_at),
    notifications: notes
      .filter((n) => n.page_id === p.id)
      .map((n) => ({
        channel: n.channel,
        contact_method_id: n.contact_method_id,
        due_at: t(n.due_at)!,
        delivery: (n.state === 'queued' ? (n.status ?? 'pending') : n.state) as Delivery,
        attempts: n.attempts === null ? 0 : Number(n.attempts),
        error: n.last_error ?? null,
        sent_at: t(n.sent_at),
        delivered_at: t(n.delivered_at),
        failed_at: t(n.failed_at),
      })),
  }));
}

const escalationJson = (e: EscalationsTable) => ({
  id: e.id,
  policy_id: e.policy_id,
  service_id: e.service_id,
  urgency: e.urgency,
  state: e.state,
  started_at: toIso(Number(e.started_at))!,
  acknowledged_at: e.acknowledged_at === null ? null : toIso(Number(e.acknowledged_at)),
});

/** The incident's escalations and pages, oldest first. */
export async function incidentPaging(ctx: Ctx, incidentKey: string) {
  const incident = await getIncident(ctx, { id: incidentKey });
  return (await pagingOf(ctx, [incident.id]))[0]!;
}

/**
 * incidentPaging for many incidents by id (the incident list shows who is paged on each): one
 * entry per id asked, in that order; an id that names no incident has none.
 */
export async function pagingOf(ctx: Ctx, incidentIds: readonly string[]) {
  const q = runner(ctx);
  const ids = [...new Set(incidentIds)];
  const escalations = await store.escalationsOfIncidents(q, ids);
  const pages = await describe(ctx, await store.pagesOfIncidents(q, ids));
  return ids.map((id) => ({
    incident_id: id,
    escalations: escalations.filter((e) => e.incident_id === id).map(escalationJson),
    pages: pages.filter((p) => p.incident_id === id),
  }));
}

/** A person's pages, newest first: themselves, or anyone for an admin. */
export async function userPages(ctx: Ctx, userId: string, limit = 50) {
  const me = actorId(ctx.actor);
  const id = userId === 'me' ? me : userId;
  if (!id || (id !== me && !roleAtLeast(actingRoleOf(ctx.actor), 'admin'))) throw new ForbiddenError('Only admins see other people\'s pages');
  return { items: await describe(ctx, await store.pagesOfUser(runner(ctx), id, limit)) };
}

/** When each of these people was paged in [from, to): the on-call report counts pages and after-hours pages. */
export async function pageTimesOf(ctx: Ctx, userIds: readonly string[], from: number, to: number): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>(userIds.map((id) => [id, []]));
  for (const r of await store.pageTimes(runner(ctx), userIds, from, to)) out.get(r.user_id)?.push(Number(r.created_at));
  return out;
}
