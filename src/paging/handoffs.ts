import type { TxCtx } from '../core/context.js';
import type { DomainEvent } from '../core/events.js';
import type { PageContent } from '../notify/content.js';
import { getSchedule } from '../schedules/service.js';
import { findActiveUserRef } from '../users/service.js';
import { noticeTeamMembers, sendNotice } from './pages.js';
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

/** A notice is no page: each person's first way of being reached for low urgency, else high. */
const tell = (ctx: TxCtx, userIds: string[], content: PageContent, key: string) => sendNotice(ctx, userIds, content, key, ['low', 'high']);

/** `schedule.handoff`: who goes on call, who goes off, or nobody (the team hears of the gap). */
export async function announceHandoff(ctx: TxCtx, e: DomainEvent): Promise<void> {
  const d = e.data as unknown as Handoff;
  const s = await getSchedule(ctx, d.schedule_id).catch(() => null);
  if (!s) return;
  const when = `${new Date(d.at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const link = `${pagingPublicUrl(ctx)}/schedules/${s.id}`;
  const key = `handoff:${s.id}:${d.at}`;
  // A turn of someone who left (deactivated) is a gap too: nobody answers for it.
  const incoming = d.to_user_id ? await findActiveUserRef(ctx, d.to_user_id) : undefined;
  if (incoming) await tell(ctx, [incoming.id], notice(`You are on call for ${s.name}`, `You are on call for ${s.name} from ${when}. ${link}`), `${key}:on`);
  if (d.from_user_id && d.from_user_id !== d.to_user_id) await tell(ctx, [d.from_user_id], notice(`You are off call for ${s.name}`, `Your turn on ${s.name} ended at ${when}. ${link}`), `${key}:off`);
  if (!incoming) await noticeTeamMembers(ctx, s.team_id, notice(`Nobody is on call for ${s.name}`, `From ${when} nobody is on call for ${s.name}: pages to it reach no one until someone covers. ${link}`), `${key}:gap`, ['low', 'high']);
}
