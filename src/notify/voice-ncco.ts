import type { PageActionKind } from './actions.js';
import type { PageContent } from './content.js';
import { digitAction, MENU_ROUNDS } from './voice-twiml.js';
import { actedWords, MENU, NOT_REACHED, SAID, summary, voicemailWords } from './voice-words.js';

// What a Vonage call says and how it takes an answer, as pure functions of the page and of what
// Vonage reports: Call Control Objects (https://developer.vonage.com/en/voice/voice-api/ncco-reference),
// the same words as a Twilio or an Asterisk call (voice-words.ts). The routes
// (voice-vonage-routes.ts) only verify, load and act.

export type NccoAction = Record<string, unknown>;

/** Keys other than 4 and 6 say it all again; past this many rounds the call ends. */
const MAX_ROUNDS = MENU_ROUNDS + 3;

// bargeIn: a key pressed mid-sentence stops the talking and goes to the input that follows.
const talk = (text: string, bargeIn = false): NccoAction => ({ action: 'talk', text, language: 'en-US', ...(bargeIn ? { bargeIn: true } : {}) });

/**
 * The call's words for round `round`: the summary, then the menu with a one-key input whose event
 * goes to `inputUrl` (with the round in its query). A verification code is spelled twice and a
 * notice said once, with no menu.
 */
export function callNcco(content: PageContent, inputUrl: string, round: number): NccoAction[] {
  if (content.kind === 'verify' || content.kind === 'notice') return [talk(summary(content))];
  return [
    talk(summary(content), true),
    talk(MENU, true),
    { action: 'input', type: ['dtmf'], dtmf: { maxDigits: 1, timeOut: 8 }, eventUrl: [`${inputUrl}?round=${round}`], eventMethod: 'POST' },
  ];
}

/** What the input event asks for: act on the incident, say it all again (the next round), or end. */
export type InputTurn = { act: PageActionKind } | { again: number } | { end: 'no-key' | 'goodbye' };

/** A key (or none: `timed_out`) at round `round`. */
export function inputTurn(digits: string | undefined, round: number): InputTurn {
  if (!digits) return round < MENU_ROUNDS ? { again: round + 1 } : { end: 'no-key' };
  const action = digitAction(digits);
  if (action !== 'repeat') return { act: action };
  return round < MAX_ROUNDS ? { again: round + 1 } : { end: 'goodbye' };
}

/** What the person hears after pressing 4 or 6 (then the call ends). */
export function actedNcco(action: PageActionKind, outcome: 'done' | 'already' | 'test' | 'refused', status?: string): NccoAction[] {
  return [talk(actedWords(action, outcome, status))];
}

export const endNcco = (end: 'no-key' | 'goodbye' | 'gone'): NccoAction[] => [talk(SAID[end])];

/** An answering machine: a short message saying it did not acknowledge (the call is moved to it). */
export function voicemailNcco(content: PageContent): NccoAction[] {
  return [talk(voicemailWords(content))];
}

/**
 * What a call's status event means (https://developer.vonage.com/en/voice/voice-api/webhook-reference#event-webhook):
 * `human` is a person (delivered), `machine` an answering machine, and busy, timeout, unanswered,
 * rejected, failed and cancelled a person not reached, with the reason. Anything else (started,
 * ringing, answered, completed ...) needs nothing.
 */
export function callEvent(status: unknown): { kind: 'human' | 'machine' } | { kind: 'not-reached'; note: string } | { kind: 'other' } {
  switch (status) {
    case 'human':
      return { kind: 'human' };
    case 'machine':
      return { kind: 'machine' };
    case 'busy':
      return { kind: 'not-reached', note: NOT_REACHED.busy };
    case 'timeout':
    case 'unanswered':
      return { kind: 'not-reached', note: NOT_REACHED.unanswered };
    case 'rejected':
    case 'failed':
      return { kind: 'not-reached', note: NOT_REACHED.failed };
    case 'cancelled':
      return { kind: 'not-reached', note: NOT_REACHED.canceled };
    default:
      return { kind: 'other' };
  }
}
