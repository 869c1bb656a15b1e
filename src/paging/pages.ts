import { randomInt } from 'node:crypto';
import { readTogether, runner, systemActor, type TxCtx } from '../core/context.js';
import { schedule } from '../core/engine/index.js';
import { newId } from '../core/ids.js';
import { sendAllLater, sendLater } from '../core/outbox/index.js';
import type { IncidentJson } from '../incidents/model.js';
import { getIncident, recordOnTimeline } from '../incidents/service.js';
import type { PageContent } from '../notify/content.js';
import { payloadFor } from '../notify/contacts/model.js';
import { createAllActionLinks } from '../notify/links.js';
import { reachPlans, type ReachStep } from '../notify/contacts/service.js';
import { teamsWithMembers } from '../teams/service.js';
import { noticeContent, pageContent } from './content.js';
import type { Urgency } from './model.js';
import { pagingPublicUrl } from './runtime.js';
import * as store from './store.js';
import type { PageNotificationsTable, PagesTable } from './tables.js';

// A page: one person asked to respond to one incident, and the notifications their rules plan
// for it (push at 0 min, SMS at 2 ...). Each notification becomes one outbox message when due,
// unless the page was answered first.

export const NOTIFY_JOB = 'paging.notify';
/** Attempts per notification before it counts as failed and the next method is tried (1 + 2 + 4 s of backoff). */
export const PAGE_MAX_ATTEMPTS = 4;
/** Acknowledge/resolve links in a page work for a day: long enough for any night, short enough to die. */
const LINKS_VALID_MS = 86_400_000;

/** Paging facts are the system's, whoever's change caused them. */
export const asSystem = (ctx: TxCtx): TxCtx => ({ ...ctx, actor: systemActor('Tocsin paging') });

export interface PageRequest {
  incident: IncidentJson;
  people: { user_id: string; user_name: string }[];
  urgency: Urgency;
  reason: PagesTable['reason'];
  escalation?: { id: string; round: number; position: number };
  requestedBy?: string | null;
  note?: string;
  /** Why, for the timeline, when more than the reason: a repeat after an acknowledgement timed out ... */
  why?: 'ack_timeout' | 'snooze_over' | 'reopened' | 'reassigned';
}

export interface NotifyJob {
  key: string;
  step: ReachStep;
}

/**
 * What the caller already knows in this transaction, so it is not read again (a round trip each
 * on PostgreSQL; bench:paging): the incident, and that the page's escalation is active (the
 * caller holds it locked).
 */
export interface Known {
  incident?: IncidentJson;
  escalationActive?: boolean;
}

/** Creates the pages and plans each person's notifications; answers who could not be reached. */
export async function pagePeople(ctx: TxCtx, req: PageRequest, now: number, known: Omit<Known, 'incident'> = {}): Promise<Paged> {
  return (await pageAll(ctx, [req], now, known))[0]!;
}

export interface Paged {
  pageIds: string[];
  unreachable: { id: string; name: string }[];
}

/**
 * pagePeople for several requests at once (a batch of escalation steps): one read of the
 * people's rules per urgency, and one insert per table for all their pages and notifications.
 */
export async function pageAll(ctx: TxCtx, reqs: readonly PageRequest[], now: number, known: Omit<Known, 'incident'> = {}): Promise<Paged[]> {
  const plans = new Map<Urgency, Map<string, ReachStep[]>>();
  for (const urgency of new Set(reqs.map((r) => r.urgency))) {
    plans.set(urgency, await reachPlans(ctx, [...new Set(reqs.filter((r) => r.urgency === urgency).flatMap((r) => r.people.map((p) => p.user_id)))], urgency));
  }
  const pages: PagesTable[] = [];
  const notifications: PlannedNotification[] = [];
  const out = reqs.map((req) => {
    const paged: Paged = { pageIds: [], unreachable: [] };
    for (const person of req.people) {
      const page: PagesTable = {
        id: newId('page'),
        incident_id: req.incident.id,
        escalation_id: req.escalation?.id ?? null,
        user_id: person.user_id,
        round: req.escalation?.round ?? null,
        position: req.escalation?.position ?? null,
        reason: req.reason,
        urgency: req.urgency,
        reply_code: String(randomInt(1000, 10000)),
        requested_by: req.requestedBy ?? null,
        note: req.note ?? '',
        created_at: now,
        acknowledged_at: null,
      };
      pages.push(page);
      paged.pageIds.push(page.id);
      const steps = plans.get(req.urgency)!.get(person.user_id) ?? [];
      if (!steps.length) paged.unreachable.push({ id: person.user_id, name: person.user_name });
      for (const step of steps) notifications.push({ page, step, dueAt: now + step.delay_minutes * 60_000, key: `page:${page.id}:${step.rule_id}`, known: { ...known, incident: req.incident } });
    }
    return paged;
  });
  await store.insertPages(ctx.tx, pages);
  await planNotifications(ctx, notifications, now);
  return out;
}

/** One notification of a page to plan: by `step`'s method at `dueAt`, its outbox message keyed `key`. */
export interface PlannedNotification {
  page: PagesTable;
  step: ReachStep;
  dueAt: number;
  key: string;
  known?: Known;
}

/**
 * Notifications: each sent at once when due now (no extra hop: the first page's latency), else a
 * job at its time. One due now is inserted in its final state (queued, or skipped when the page
 * no longer needs answering): one statement instead of an insert and an update.
 */
export async function planNotifications(ctx: TxCtx, planned: readonly PlannedNotification[], now: number): Promise<void> {
  const row = (n: PlannedNotification, state: PageNotificationsTable['state']) => ({ outbox_key: n.key, page_id: n.page.id, contact_method_id: n.step.contact_method_id, channel: n.step.channel, due_at: n.dueAt, state });
  const later = planned.filter((n) => n.dueAt > now);
  const inserted = await store.insertNotifications(ctx.tx, later.map((n) => row(n, 'planned')));
  for (const n of later) if (inserted.has(n.key)) await schedule<NotifyJob>(ctx, { kind: NOTIFY_JOB, key: `notify:${n.key}`, payload: { key: n.key, step: n.step }, dueAt: n.dueAt });
  const due: (PlannedNotification & { incident: IncidentJson | null })[] = [];
  for (const n of planned) if (n.dueAt <= now) due.push({ ...n, incident: await stillNeeded(ctx, n.page, n.known ?? {}) });
  const queued = await store.insertNotifications(ctx.tx, due.map((n) => row(n, n.incident ? 'queued' : 'skipped')));
  await sendAll(
    ctx,
    due.flatMap((n) => (n.incident && queued.has(n.key) ? [{ ...n, incident: n.incident }] : [])),
  );
}

/** Puts notifications in the outbox: each page's content with its acknowledge and resolve links. */
async function sendAll(ctx: TxCtx, items: readonly { page: PagesTable; step: ReachStep; key: string; incident: IncidentJson }[]): Promise<void> {
  if (!items.length) return;
  const expiresAt = ctx.clock.now().getTime() + LINKS_VALID_MS;
  const publicUrl = pagingPublicUrl(ctx);
  const links = await createAllActionLinks(ctx, items.map((n) => ({ userId: n.page.user_id, incidentId: n.incident.id, expiresAt, publicUrl })));
  await sendAllLater(
    ctx,
    items.map((n, i) => {
      const content = pageContent(n.incident, n.page, publicUrl, { ackUrl: links[i]!.ackUrl, resolveUrl: links[i]!.resolveUrl });
      return { channel: n.step.channel, key: n.key, payload: payloadFor(n.step, content), maxAttempts: PAGE_MAX_ATTEMPTS, sendNow: true };
    }),
  );
}

/**
 * The incident when the page still needs answering, else null: an escalation's page stands while
 * its escalation is active; a manual page until it is answered or the incident resolved.
 */
async function stillNeeded(ctx: TxCtx, page: PagesTable, known: Known): Promise<IncidentJson | null> {
  if (page.acknowledged_at !== null) return null;
  const incident = known.incident ?? (await getIncident(ctx, { id: page.incident_id }));
  if (incident.status === 'resolved' || incident.status === 'closed') return null;
  if (!page.escalation_id || known.escalationActive) return incident;
  const esc = await store.findEscalation(ctx.tx, page.escalation_id);
  return esc?.state === 'active' ? incident : null;
}

/** The job: a later notification of a page (SMS at 2 min ...) falls due. */
export async function runNotifyJob(ctx: TxCtx, job: NotifyJob): Promise<void> {
  const n = await store.findNotification(ctx.tx, job.key);
  if (!n || n.state !== 'planned') return;
  const page = await store.findPage(ctx.tx, n.page_id);
  if (!page) return;
  const incident = await stillNeeded(ctx, page, {});
  if (incident) await sendAll(ctx, [{ page, step: job.step, key: job.key, incident }]);
  await store.setNotificationState(ctx.tx, job.key, incident ? 'queued' : 'skipped');
}

/**
 * A notice (not a page) to each person by their first way of being reached, trying the urgencies
 * in `order`; someone with none is skipped (notices are for information). Keyed `${key}:${user}`.
 */
export async function sendNotice(ctx: TxCtx, userIds: readonly string[], content: PageContent, key: string, order: readonly Urgency[] = ['high']): Promise<void> {
  const plans = await readTogether(ctx.tx, order.map((u) => () => reachPlans(ctx, userIds, u)));
  for (const id of userIds) {
    const step = plans.map((p) => p.get(id)?.[0]).find((s) => s !== undefined);
    if (step) await sendLater(ctx, { channel: step.channel, key: `${key}:${id}`, payload: payloadFor(step, { ...content, userId: id }), maxAttempts: PAGE_MAX_ATTEMPTS });
  }
}

/** A notice to every member of a team (none: nothing to tell). */
export async function noticeTeamMembers(ctx: TxCtx, teamId: string | null, content: PageContent, key: string, order?: readonly Urgency[]): Promise<void> {
  if (!teamId) return;
  const team = (await teamsWithMembers(ctx, [teamId])).get(teamId);
  if (team) await sendNotice(ctx, team.member_ids, content, key, order);
}

/** Tells a team something went wrong with an incident's paging (a tier reached nobody, a page failed). */
export const noticeTeam = (ctx: TxCtx, teamId: string | null, incident: IncidentJson, what: string, key: string): Promise<void> =>
  noticeTeamMembers(ctx, teamId, noticeContent(incident, what, pagingPublicUrl(ctx)), `notice:${key}`);

/** Records who was paged on the incident's timeline. */
export async function recordPaged(ctx: TxCtx, req: PageRequest, unreachable: { id: string; name: string }[]): Promise<void> {
  const fact = pagedFact(req, unreachable);
  await recordOnTimeline(req.reason === 'manual' ? ctx : asSystem(ctx), fact.incidentId, fact.kind, fact.data);
}

/** The timeline fact of a request's pages (recordAllOnTimeline's terms). */
export function pagedFact(req: PageRequest, unreachable: { id: string; name: string }[]) {
  return {
    incidentId: req.incident.id,
    kind: 'paged' as const,
    data: {
      reason: req.why ?? req.reason,
      ...(req.escalation ? { tier: req.escalation.position, round: req.escalation.round } : {}),
      urgency: req.urgency,
      people: req.people.map((p) => ({ id: p.user_id, name: p.user_name })),
      unreachable,
      ...(req.note ? { note: req.note } : {}),
    },
  };
}

export const pagesOf = (ctx: TxCtx, incidentId: string) => store.pagesOfIncident(runner(ctx), incidentId);
