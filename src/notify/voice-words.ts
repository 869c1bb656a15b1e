import type { PageActionKind } from './actions.js';
import type { PageContent } from './content.js';

// What a voice page says, in one place, so a Twilio call (TwiML <Say>) and an Asterisk call
// (text-to-speech) say the same words.

export const MENU = 'Press 4 to acknowledge, 6 to resolve, 1 to repeat.';

/** Digits read one by one, so a code is heard as "4, 8, 2, 1", not "four thousand ...". */
export const spell = (code: string): string => code.split('').join(', ');

/** The call's opening: what the page is about (content.text: severity, title, service). */
export function summary(c: PageContent): string {
  if (c.kind === 'verify') return `Your Tocsin verification code is ${spell(c.code ?? '')}. Again: ${spell(c.code ?? '')}.`;
  if (c.kind === 'test') return `This is a Tocsin test page. ${c.text}`;
  if (c.kind === 'notice') return `Tocsin. ${c.text}`;
  return `Tocsin page. ${c.text}`;
}

export const SAID = {
  acknowledged: 'Incident acknowledged. Thank you. Goodbye.',
  resolved: 'Incident resolved. Thank you. Goodbye.',
  already: 'This incident was already handled. Nothing changed. Goodbye.',
  test: 'Test page received. Your phone works for Tocsin pages. Goodbye.',
  refused: 'Your account cannot act on this incident. Open Tocsin for details. Goodbye.',
  'no-key': 'No key was pressed. The page stays open. Goodbye.',
  goodbye: 'Goodbye.',
  voicemail: 'This message does not acknowledge the page. Open Tocsin to respond.',
  gone: 'This Tocsin call is no longer valid. Goodbye.',
} as const;

/** What the person hears after pressing 4 or 6, by what came of it. */
export function actedWords(action: PageActionKind, outcome: 'done' | 'already' | 'test' | 'refused', status?: string): string {
  if (outcome === 'done') return SAID[action === 'acknowledge' ? 'acknowledged' : 'resolved'];
  return outcome === 'already' && status ? `This incident is already ${status}. Nothing changed. Goodbye.` : SAID[outcome];
}

/** Why a call did not reach the person, whichever provider said so (Twilio's and Vonage's statuses map here). */
export const NOT_REACHED = {
  busy: 'the line was busy',
  unanswered: 'nobody answered',
  failed: 'the call could not be placed (number unreachable or refused)',
  canceled: 'the call was canceled before it was answered',
} as const;

/** What an answering machine is told: the page (or code) and that this does not acknowledge it. */
export function voicemailWords(c: PageContent): string {
  const what = c.kind === 'verify' ? `Your Tocsin verification code is ${spell(c.code ?? '')}.` : `Tocsin page. ${c.text}`;
  return `${what} ${SAID.voicemail}`;
}
