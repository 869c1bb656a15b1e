import { describe, expect, it } from 'vitest';
import { outcomeText, parseSmsReply, twimlMessage, unknownCodeText } from './sms-replies-model.js';

describe('SMS replies', () => {
  it.each([
    ['ACK 4821', { action: 'acknowledge', code: '4821' }],
    ['ack 4821', { action: 'acknowledge', code: '4821' }],
    ['  Ack4821. ', { action: 'acknowledge', code: '4821' }],
    ['ack #4821', { action: 'acknowledge', code: '4821' }],
    ['RES 4821', { action: 'resolve', code: '4821' }],
    ['resolve 4821!', { action: 'resolve', code: '4821' }],
    ['Acknowledge', { action: 'acknowledge', code: null }],
    ['ack', { action: 'acknowledge', code: null }],
    ['res', { action: 'resolve', code: null }],
    ['ack ab12', { action: 'acknowledge', code: 'AB12' }],
  ])('%j reads as %j', (body, expected) => {
    expect(parseSmsReply(body)).toEqual(expected);
  });

  it.each(['acknowledged', 'hello', '', 'ack 4821 please', 'STOP', 'resend 1', '4821'])('%j is not a reply', (body) => {
    expect(parseSmsReply(body)).toBeNull();
  });

  it('answers TwiML with the text escaped', () => {
    expect(twimlMessage('Acknowledged #42 <Checkout> & "cart"')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Acknowledged #42 &lt;Checkout&gt; &amp; &quot;cart&quot;</Message></Response>',
    );
  });

  it('says what happened', () => {
    const inc = { number: 42, title: 'Checkout is down', status: 'acknowledged' };
    expect(outcomeText('acknowledge', 'done', inc)).toBe('Acknowledged #42 Checkout is down');
    expect(outcomeText('resolve', 'done', { ...inc, status: 'resolved' })).toBe('Resolved #42 Checkout is down');
    expect(outcomeText('acknowledge', 'already', inc)).toBe('#42 Checkout is down is already acknowledged');
    expect(unknownCodeText({ action: 'acknowledge', code: '9999' })).toContain('no page with code 9999');
  });
});
