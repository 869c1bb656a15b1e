import type { TxCtx } from '../core/context.js';
import type { DomainEvent } from '../core/events.js';
import { sendLater } from '../core/outbox/index.js';
import type { PageContent } from '../notify/content.js';
import { payloadFor } from '../notify/contacts/model.js';
import { reachPlans } from '../notify/contacts/service.js';
import { getSchedule } from '../schedules/service.js';
import { teamsWithMembers } from '../teams/service.js';
import { findActiveUserRef } from '../users/service.js';
import { pagingPublicUrl } from './runtime.js';

// Hand-offs, told to the people they concern by the way each chose (issue 9 item 3): the person
// going on call and the one going off, each once. A hand-off to nobody (a gap) goes to the
// schedule's team, so a hole in the rota is never found by an incident.

interface Handoff {
  schedule_id: string;
  at: string;
  from_user_id: string | null;
  to_user_id: string | null;
}

const notice = (subject: string, text: string): PageContent => ({ kind: 'notice', subject, text });

/** Each person's first way of being reached for low urgency (else high): a notice is no page. */
async function tell(ctx: TxCtx, userIds: string[], content: PageContent, key: string): Promise<void> {
  const [low, high] = await Promise.all([reachPlans(ctx, userIds, 'low'), reachPlans(ctx, userIds, 'high')]);
  for (const id of userIds) {
    const step = low.get(id)?.[0] ?? high.get(id)?.[0];
    if (step) await sendLater(ctx, { channel: step.channel, key: `${key}:${id}`, payload: payloadFor(step, { ...content, userId: id }), maxAttempts: 4 });
  }
}

/** `schedule.handoff`: who goes on call, who goes off, or nobody (the team hears of the gap). */
export async function announceHandoff(ctx: TxCtx, e: DomainEvent): Promise<void> {
  const d = e.data as unknown as Handoff;
  const s = await getSchedule(ctx, d.schedule_id).catch(() => null);
  if (!s) return;
  const when = `${new Date(d.at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const link = `${pagingPublicUrl()}/schedules/${s.id}`;
  const key = `handoff:${s.id}:${d.at}`;
  // A turn of someone who left (deactivated) is a gap too: nobody answers for it.
  const incoming = d.to_user_id ? await findActiveUserRef(ctx, d.to_user_id) : undefined;
  if (incoming) await tell(ctx, [incoming.id], notice(`You are on call for ${s.name}`, `You are on call for ${s.name} from ${when}. ${link}`), `${key}:on`);
  if (d.from_user_id && d.from_user_id !== d.to_user_id) await tell(ctx, [d.from_user_id], notice(`You are off call for ${s.name}`, `Your turn on ${s.name} ended at ${when}. ${link}`), `${key}:off`);
  if (!incoming && s.team_id) {
    const team = (await teamsWithMembers(ctx, [s.team_id])).get(s.team_id);
    if (team) await tell(ctx, team.member_ids, notice(`Nobody is on call for ${s.name}`, `From ${when} nobody is on call for ${s.name}: pages to it reach no one until someone covers. ${link}`), `${key}:gap`);
  }
}
