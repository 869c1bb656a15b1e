import { runner, type TxCtx } from '../core/context.js';
import type { EngineModule } from '../core/engine/index.js';
import { inTransaction } from '../core/events.js';
import { getIncident, recordOnTimeline } from '../incidents/service.js';
import { reachPlans } from '../notify/contacts/service.js';
import { userNames } from '../users/service.js';
import { pagingPolicy } from '../escalation/service.js';
import { asSystem, noticeTeam, planNotifications } from './pages.js';
import * as store from './store.js';

// A page that could not be delivered is loud: on the incident's timeline, to the policy's team,
// and the person's next way of being reached is tried at once. The outbox already retried it.

const DAY = 86_400_000;

type Failure = Awaited<ReturnType<typeof store.failedUnhandled>>[number];

/**
 * The engine module: each cycle, follows up the page deliveries that failed since the last one.
 * Not under a module lease: the engine runs a cycle after every page it sends, and an exclusive
 * module writes its lease and commits each cycle (two fsyncs on SQLite, in the way of the next
 * page; bench:paging). Here a cycle with no failure only reads; each failure is followed up in
 * its own transaction, claimed by markFallback, so two instances never follow one up twice.
 */
export const pageFailures: EngineModule = {
  name: 'paging.failures',
  exclusive: false,
  tick: async (ctx, now) => {
    for (const f of await store.failedUnhandled(runner(ctx), now - DAY, 50)) await inTransaction(ctx, (t) => followUp(t, f, now));
  },
};

async function followUp(ctx: TxCtx, f: Failure, now: number): Promise<void> {
  if (!(await store.markFallback(ctx.tx, f.outbox_key, now))) return;
  const page = await store.findPage(ctx.tx, f.page_id);
  if (!page) return;
  const incident = await getIncident(ctx, { id: page.incident_id });
  // Methods already tried; one still planned for later is brought forward instead.
  const used = new Set((await store.notificationsOfPages(ctx.tx, [page.id])).filter((n) => n.state === 'queued').map((n) => n.contact_method_id));
  const next = (await reachPlans(ctx, [page.user_id], page.urgency)).get(page.user_id)?.find((s) => !used.has(s.contact_method_id)) ?? null;
  const name = (await userNames(ctx, [page.user_id])).get(page.user_id) ?? page.user_id;
  await recordOnTimeline(asSystem(ctx), incident.id, 'page_failed', { user: { id: page.user_id, name }, channel: f.channel, error: f.last_error ?? 'failed', fallback: next?.channel ?? null });
  const esc = page.escalation_id ? await store.findEscalation(ctx.tx, page.escalation_id) : null;
  const policy = esc ? await pagingPolicy(ctx, esc.policy_id) : null;
  await noticeTeam(ctx, policy?.team_id ?? null, incident, `The ${f.channel} page to ${name} failed`, `failed:${f.outbox_key}`);
  if (next) {
    await store.skipPlanned(ctx.tx, page.id, next.contact_method_id);
    await planNotifications(ctx, [{ page, step: next, dueAt: now, key: `page:${page.id}:fallback:${next.contact_method_id}`, known: { incident } }], now);
  }
}
