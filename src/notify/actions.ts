import { roleAtLeast, systemActor, type Actor } from '../core/context.js';
import { ForbiddenError, NotFoundError } from '../core/errors.js';
import type { Kernel } from '../core/module.js';
import { newId } from '../core/ids.js';
import type { IncidentJson } from '../incidents/model.js';
import * as incidents from '../incidents/service.js';
import { getUser } from '../users/service.js';
import { makeCtx } from '../core/context.js';
import { inTransaction } from '../core/events.js';
import { acknowledgePaging } from '../paging/lifecycle.js';

/** What someone answering a page can do from the page itself. */
export type PageActionKind = 'acknowledge' | 'resolve';

export interface PageActionInput {
  /** The person answering: the page's recipient (the link, the phone number, the subscription says who). */
  userId: string;
  /** The incident's id or number. */
  incident: string;
  action: PageActionKind;
  /** How it came: email, sms, voice, push, chat (recorded on the timeline). */
  via: string;
}

/** done: this answer changed the incident; already: someone (maybe this person) did it first. */
export interface PageActionResult {
  outcome: 'done' | 'already';
  incident: IncidentJson;
}

const DONE: Record<PageActionKind, readonly string[]> = {
  acknowledge: ['acknowledged', 'mitigated', 'resolved', 'closed'],
  resolve: ['resolved', 'closed'],
};

/**
 * Acts on an incident as the person a page went to, from any channel: the first acknowledgement
 * wins and later ones are harmless (`already`). The timeline records the person and the channel.
 * A deactivated person or a viewer cannot act (403); an unknown incident is 404.
 */
export async function actOnPage(kernel: Kernel, input: PageActionInput): Promise<PageActionResult> {
  const sys = makeCtx(kernel, systemActor('pages'), newId('req'), kernel.log);
  const user = await getUser(sys, input.userId).catch(() => null);
  if (!user || user.deactivated_at) throw new NotFoundError('User', input.userId);
  if (!roleAtLeast(user.role, 'responder')) throw new ForbiddenError('Viewers cannot act on incidents');
  const actor: Actor = { kind: 'user', userId: user.id, name: user.name, role: user.role, via: 'page', channel: input.via };
  const ctx = makeCtx(kernel, actor, sys.requestId, kernel.log);
  const current = await incidents.getIncident(ctx, { id: input.incident });
  if (DONE[input.action].includes(current.status)) {
    // Acknowledged already, but paging again (its acknowledgement timed out): this answer stops it.
    const stopped = input.action === 'acknowledge' && (await inTransaction(ctx, (t) => acknowledgePaging(t, current.id, t.clock.now().getTime())));
    return { outcome: stopped ? 'done' : 'already', incident: current };
  }
  try {
    const fn = input.action === 'acknowledge' ? incidents.acknowledge : incidents.resolve;
    return { outcome: 'done', incident: await fn(ctx, { id: current.id }) };
  } catch (err) {
    // Someone else answered between the read and the change: theirs stands, this one is harmless.
    const now = await incidents.getIncident(ctx, { id: current.id });
    if (DONE[input.action].includes(now.status)) return { outcome: 'already', incident: now };
    throw err;
  }
}
