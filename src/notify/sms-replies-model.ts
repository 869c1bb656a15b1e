import type { PageActionKind } from './actions.js';
import { xmlText } from './xml.js';

// SMS replies to a page: "ACK 4821" / "RES 4821" (the page's reply code), or a bare "ACK" for
// the latest page sent to that phone. Pure rules; the route is sms-replies.ts.

export interface SmsReply {
  action: PageActionKind;
  /** Upper-cased; null: the latest page to this number. */
  code: string | null;
}

const WORDS: Record<string, PageActionKind> = { ack: 'acknowledge', acknowledge: 'acknowledge', res: 'resolve', resolve: 'resolve' };

/**
 * Reads a reply, forgiving what phones and thumbs do: any case, "ACK4821", "ack #4821", a
 * trailing full stop. Anything else is null (the answer then explains the format).
 */
export function parseSmsReply(body: string): SmsReply | null {
  // A code glued to the word must start with a digit: "acknowledged" is not "ack" + "nowledged".
  const m = /^(ack|acknowledge|res|resolve)(?:(?:\s+|\s*#\s*)([a-z0-9]{1,12})|(\d[a-z0-9]{0,11}))?[.!\s]*$/i.exec(body.trim());
  if (!m) return null;
  const code = m[2] ?? m[3];
  return { action: WORDS[m[1]!.toLowerCase()]!, code: code ? code.toUpperCase() : null };
}

/** Twilio's answer to an inbound SMS: one reply message (TwiML). */
export function twimlMessage(text: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${xmlText(text)}</Message></Response>`;
}

/** An empty TwiML answer: nothing is sent back. */
export const TWIML_EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

export const HELP_TEXT = 'Tocsin: reply ACK 4821 to acknowledge or RES 4821 to resolve, with the code from the page.';

/** What the person reads back after their reply acted (or someone was first). */
export function outcomeText(action: PageActionKind, outcome: 'done' | 'already', incident: { number: number; title: string; status: string }): string {
  const what = `#${incident.number} ${incident.title}`;
  if (outcome === 'done') return `${action === 'acknowledge' ? 'Acknowledged' : 'Resolved'} ${what}`;
  return `${what} is already ${incident.status}`;
}

export function unknownCodeText(reply: SmsReply): string {
  return reply.code ? `Tocsin: no page with code ${reply.code} was sent to this number.` : 'Tocsin: no page was sent to this number recently.';
}
