import type { PageContent } from '../content.js';

// What an SMS says. Carriers bill and deliver by segment: 160 characters of the GSM 03.38
// alphabet, or 70 UTF-16 units once a single character falls outside it (and 153 / 67 per part
// when a message is split). A split page can arrive in pieces, out of order, or partly; so a page
// is made to fit one segment, keeping the reply instruction whole at the end.

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Characters of the extension table: each costs two (an escape and the character). */
const GSM_EXTENDED = '^{}\\[~]|€\f';
const GSM = new Set([...GSM_BASIC, ...GSM_EXTENDED]);

/** Typography that would force UCS-2 (70 characters) for no reason: written the GSM way instead. */
const PLAIN: Record<string, string> = {
  '‘': "'", '’': "'", '‚': "'", '′': "'", '“': '"', '”': '"', '„': '"', '″': '"',
  '–': '-', '—': '-', '−': '-', '…': '...', '•': '*', '·': '.', '\u00a0': ' ', '\t': ' ',
};

export type SmsEncoding = 'gsm' | 'ucs2';

/** One segment's capacity, in the encoding's units. */
export const SEGMENT: Record<SmsEncoding, number> = { gsm: 160, ucs2: 70 };

export function isGsm(text: string): boolean {
  for (const ch of text) if (!GSM.has(ch)) return false;
  return true;
}

export function encodingOf(text: string): SmsEncoding {
  return isGsm(text) ? 'gsm' : 'ucs2';
}

/** Length in the encoding's units: GSM extension characters count two, UCS-2 counts UTF-16 units. */
export function smsLength(text: string, encoding: SmsEncoding = encodingOf(text)): number {
  if (encoding === 'ucs2') return text.length;
  let n = 0;
  for (const ch of text) n += GSM_EXTENDED.includes(ch) ? 2 : 1;
  return n;
}

/** Segments a carrier bills for this text (split parts carry a 6-byte header: 153 / 67). */
export function segments(text: string): number {
  const encoding = encodingOf(text);
  const n = smsLength(text, encoding);
  if (n <= SEGMENT[encoding]) return 1;
  return Math.ceil(n / (encoding === 'gsm' ? 153 : 67));
}

/** Collapses white space and replaces typographic characters that have a GSM spelling. */
export function plainText(text: string): string {
  return [...text.replace(/\s+/g, ' ').trim()].map((ch) => PLAIN[ch] ?? ch).join('');
}

/** The reply instruction a page ends with, when it can be answered by SMS. */
export function replyHint(replyCode: string | undefined): string {
  return replyCode ? `Reply ACK ${replyCode} or RES ${replyCode}` : '';
}

/**
 * The page as one SMS segment: the content's text, then the reply instruction when a reply can
 * reach Tocsin (`replies`: the provider sending it takes replies). A text too long is cut at a
 * word (within the last 20 characters) and marked "...", never the instruction.
 */
export function smsText(content: Pick<PageContent, 'text' | 'subject' | 'replyCode'>, replies = true): string {
  const body = plainText(content.text || content.subject);
  const hint = replies ? replyHint(content.replyCode) : '';
  const whole = hint ? `${body} ${hint}` : body;
  const encoding = encodingOf(whole);
  const limit = SEGMENT[encoding];
  if (smsLength(whole, encoding) <= limit) return whole;
  const room = limit - (hint ? smsLength(hint, encoding) + 1 : 0) - 3;
  return `${cut(body, room, encoding)}...${hint ? ` ${hint}` : ''}`;
}

/** The longest start of `text` within `room` units, whole characters, at a word when one is near. */
function cut(text: string, room: number, encoding: SmsEncoding): string {
  let out = '';
  let used = 0;
  for (const ch of text) {
    const cost = encoding === 'ucs2' ? ch.length : GSM_EXTENDED.includes(ch) ? 2 : 1;
    if (used + cost > room) break;
    out += ch;
    used += cost;
  }
  const space = out.lastIndexOf(' ');
  return (space >= out.length - 20 && space > 0 ? out.slice(0, space) : out).trimEnd();
}
