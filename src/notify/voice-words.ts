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
