import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodingOf, isGsm, plainText, segments, smsLength, smsText } from './sms-text.js';

const page = (text: string, replyCode?: string) => ({ text, subject: 'subject', replyCode });

describe('SMS text', () => {
  it('ends with the reply instruction when the page has a reply code', () => {
    expect(smsText(page('[SEV-1] #42 Checkout is down.', '4821'))).toBe('[SEV-1] #42 Checkout is down. Reply ACK 4821 or RES 4821');
    expect(smsText(page('Verification code 123456'))).toBe('Verification code 123456');
  });

  it('falls back to the subject when the text is empty', () => {
    expect(smsText({ text: '', subject: '[SEV-2] #7 Slow search' })).toBe('[SEV-2] #7 Slow search');
  });

  it('cuts a long text at a word, keeps the instruction whole, and stays in one GSM segment', () => {
    const text = `[SEV-1] #42 Checkout is down. ${'The payment service answers 502 to every request since the deploy '.repeat(4)}`;
    const sms = smsText(page(text, '4821'));
    expect(smsLength(sms)).toBeLessThanOrEqual(160);
    expect(segments(sms)).toBe(1);
    expect(sms).toMatch(/\w\.\.\. Reply ACK 4821 or RES 4821$/);
    expect(sms.startsWith('[SEV-1] #42 Checkout is down.')).toBe(true);
  });

  it('writes typographic quotes, dashes and ellipses the GSM way instead of falling to 70-character UCS-2', () => {
    expect(plainText('It’s “down” — again…\u00a0 now')).toBe('It\'s "down" - again... now');
    expect(encodingOf(smsText(page('It’s “down” — again…')))).toBe('gsm');
  });

  it('counts GSM extension characters twice', () => {
    expect(smsLength('a{b}€')).toBe(8);
    expect(isGsm('€[]')).toBe(true);
    const sms = smsText(page('{'.repeat(200), '1'));
    expect(smsLength(sms)).toBeLessThanOrEqual(160);
  });

  it('a text outside GSM (Cyrillic, emoji) fits one 70-unit UCS-2 segment without splitting a surrogate pair', () => {
    const sms = smsText(page(`Оплата не работает 🔥 ${'сервер отвечает 502 '.repeat(5)}`, '77'));
    expect(encodingOf(sms)).toBe('ucs2');
    expect(sms.length).toBeLessThanOrEqual(70);
    expect(sms.endsWith('Reply ACK 77 or RES 77')).toBe(true);
    expect(sms).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('counts segments as carriers bill them', () => {
    expect(segments('a'.repeat(160))).toBe(1);
    expect(segments('a'.repeat(161))).toBe(2);
    expect(segments('a'.repeat(306))).toBe(2);
    expect(segments('ж'.repeat(70))).toBe(1);
    expect(segments('ж'.repeat(71))).toBe(2);
  });

  it('any page is one segment and keeps its reply instruction (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.stringMatching(/^\d{4}$/), (text, code) => {
        const sms = smsText(page(text, code));
        expect(segments(sms)).toBe(1);
        expect(sms.endsWith(`Reply ACK ${code} or RES ${code}`)).toBe(true);
      }),
    );
  });
});
