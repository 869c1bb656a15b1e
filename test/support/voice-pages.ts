import { inTransaction } from '../../src/core/events.js';
import { sendLater } from '../../src/core/outbox/index.js';
import { declare } from '../../src/incidents/service.js';
import type { ChannelPayload, PageContent } from '../../src/notify/content.js';
import type { Harness } from './harness.js';

let seq = 0;

/**
 * What paging does for a voice page, done by hand: a person, an incident declared through the
 * incidents service, and a `voice` outbox message for them (due now, not yet sent).
 */
export async function pageByVoice(h: Harness, opts: { role?: 'responder' | 'viewer'; kind?: PageContent['kind']; to?: string } = {}) {
  const user = await h.actor(opts.role ?? 'responder');
  const incident = await declare(h.ctx(), { title: 'Checkout returns 502', severity: 'SEV-1' });
  const content: PageContent = {
    kind: opts.kind ?? 'page',
    subject: `[SEV-1] #${incident.number} Checkout returns 502`,
    text: `SEV-1 incident ${incident.number}: Checkout returns 502. Service: checkout.`,
    userId: user.id,
    incident: { id: incident.id, number: incident.number, title: incident.title, severity: 'SEV-1', status: 'triggered', url: `${h.kernel.config.publicUrl}/incidents/${incident.number}`, services: [] },
  };
  const key = `voice-test:${h.dialect}:${++seq}`;
  const payload: ChannelPayload = { to: opts.to ?? '+15551230001', content };
  const { message } = await inTransaction(h.ctx(), (tx) => sendLater<ChannelPayload>(tx, { channel: 'voice', key, payload }));
  return { user, incident, message, key };
}
