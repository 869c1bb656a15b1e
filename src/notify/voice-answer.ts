import { makeCtx, systemActor } from '../core/context.js';
import { AppError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { addNote } from '../incidents/service.js';
import type { Kernel } from '../core/module.js';
import type { Logger } from '../core/log.js';
import { actOnPage, type PageActionKind } from './actions.js';
import type { VoiceCall } from './voice-store.js';
import { actedTwiml, digitAction } from './voice-twiml.js';

export type KeyOutcome = { outcome: 'done' | 'already' | 'test' | 'refused'; status?: string };

/**
 * Acts on a key press, whoever carried the call (Twilio or Asterisk): as the person the page went
 * to, on the page's incident, recorded as coming by `voice`. A test page only confirms; a message
 * that is not a page for someone (a notice, a verification code) acts on nothing. A person who may
 * not act (deactivated, viewer) or an incident gone is `refused`, said to the caller, not thrown.
 */
export async function actOnKey(kernel: Kernel, call: VoiceCall, action: PageActionKind, log: Logger): Promise<KeyOutcome> {
  const c = call.payload.content;
  if (c.kind === 'test') return { outcome: 'test' };
  if (c.kind !== 'page' || !c.userId || !c.incident) return { outcome: 'refused' };
  try {
    const r = await actOnPage(kernel, { userId: c.userId, incident: c.incident.id, action, via: 'voice' });
    log.info({ message: call.id, incident: c.incident.id, user: c.userId, action, outcome: r.outcome }, 'voice: key press acted on the incident');
    return { outcome: r.outcome, status: r.incident.status };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    log.warn({ message: call.id, incident: c.incident.id, user: c.userId, action, err: err.message }, 'voice: key press refused');
    return { outcome: 'refused' };
  }
}

/** Twilio's key press: the TwiML to answer with, or null to say the page and the menu again. */
export async function answerKey(kernel: Kernel, call: VoiceCall, digits: string | undefined, log: Logger): Promise<string | null> {
  const action = digitAction(digits);
  if (action === 'repeat') return null;
  const r = await actOnKey(kernel, call, action, log);
  return actedTwiml(action, r.outcome, r.status);
}

/** The timeline's note for a call that reached an answering machine (Twilio and Vonage alike). */
export const machineNote = (call: VoiceCall): string => `Voice page to ${call.payload.to} reached an answering machine: a message was left, which does not acknowledge.`;

/**
 * Puts what became of a page's call on its incident's timeline (a voicemail that did not
 * acknowledge, a line busy, nobody answering), so the responders see that this person was not
 * reached, not only the server log. A message that is no page, or an incident that refuses the
 * note, is left to the log.
 */
export async function noteOnIncident(kernel: Kernel, call: VoiceCall, text: string, log: Logger): Promise<void> {
  const c = call.payload.content;
  if (c.kind !== 'page' || !c.incident) return;
  const ctx = makeCtx(kernel, systemActor('voice'), newId('req'), log);
  await addNote(ctx, { id: c.incident.id, text }).catch((err: Error) => log.warn({ message: call.id, err: err.message }, 'voice: could not note the call on the incident'));
}
