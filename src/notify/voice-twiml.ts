import type { PageContent } from './content.js';
import type { PageActionKind } from './actions.js';
import { actedWords, MENU, NOT_REACHED, SAID, summary, voicemailWords } from './voice-words.js';
import { xmlText } from './xml.js';

// What a Twilio call says and how it takes an answer, as pure functions of the page and of what
// Twilio reports (https://www.twilio.com/docs/voice/twiml). The routes (voice-routes.ts) only
// verify, load and act.

/** How many times the menu is offered when no key comes before the call gives up. */
export const MENU_ROUNDS = 3;

const say = (text: string) => `<Say>${xmlText(text)}</Say>`;
const response = (...verbs: string[]) => `<?xml version="1.0" encoding="UTF-8"?><Response>${verbs.join('')}</Response>`;

/** `machine_start`, `machine_end_beep`, `fax` ...: not a person, so nothing it "presses" counts. */
export const isMachine = (answeredBy: string | undefined): boolean => !!answeredBy && (answeredBy.startsWith('machine') || answeredBy === 'fax');

/** A key press: 4 acknowledges, 6 resolves, anything else (1 included) repeats. */
export function digitAction(digits: string | undefined): PageActionKind | 'repeat' {
  if (digits === '4') return 'acknowledge';
  if (digits === '6') return 'resolve';
  return 'repeat';
}

export interface CallTurn {
  content: PageContent;
  /** Where the key press goes (absolute, as Twilio signs it). */
  gatherUrl: string;
  /** The call's own URL with the next round in its query, for when no key comes. */
  nextRoundUrl: string | null;
}

/**
 * The call's first words, and again on 1 or an unknown key: the summary, then the menu inside a
 * one-key Gather. A page offers acknowledge and resolve; a test page the same keys (nothing acts);
 * a verification code is spelled twice; a notice is said once.
 */
export function callTwiml(t: CallTurn): string {
  const c = t.content;
  if (c.kind === 'verify' || c.kind === 'notice') return response(say(summary(c)), '<Hangup/>');
  const gather = `<Gather numDigits="1" timeout="8" method="POST" action="${xmlText(t.gatherUrl)}">${say(MENU)}</Gather>`;
  const after = t.nextRoundUrl ? `<Redirect method="POST">${xmlText(t.nextRoundUrl)}</Redirect>` : `${say(SAID['no-key'])}<Hangup/>`;
  return response(say(summary(c)), gather, after);
}

/** An answering machine: leave a short message saying it did not acknowledge, and hang up. */
export function voicemailTwiml(content: PageContent): string {
  return response(say(voicemailWords(content)), '<Hangup/>');
}

/** What the person hears after pressing 4 or 6. */
export function actedTwiml(action: PageActionKind, outcome: 'done' | 'already' | 'test' | 'refused', status?: string): string {
  return response(say(actedWords(action, outcome, status)), '<Hangup/>');
}

/** A call Tocsin no longer knows (or that never was a page): say so rather than silence. */
export const goneTwiml = (): string => response(say(SAID.gone), '<Hangup/>');

/**
 * Twilio's final CallStatus (the status callback): `completed` without an acknowledgement needs
 * nothing (the escalation goes on by itself); busy, no-answer, failed and canceled are worth a
 * warning with the reason, since that person was not reached.
 */
export function callStatusNote(status: string | undefined): string | null {
  switch (status) {
    case 'busy':
      return NOT_REACHED.busy;
    case 'no-answer':
      return NOT_REACHED.unanswered;
    case 'failed':
      return NOT_REACHED.failed;
    case 'canceled':
      return NOT_REACHED.canceled;
    default:
      return null;
  }
}
