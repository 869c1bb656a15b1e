import { describe, expect, it } from 'vitest';
import type { PageContent } from './content.js';
import { actedNcco, callEvent, callNcco, endNcco, inputTurn, voicemailNcco } from './voice-ncco.js';

const page: PageContent = { kind: 'page', subject: '[SEV-1] #42 Checkout down', text: 'SEV-1 incident 42: Checkout & payments <down>. Service: checkout.' };
const INPUT = 'https://t.example/notify/vonage/voice/obx_1/input';

describe('voice NCCO (Vonage)', () => {
  it('says the summary and the menu (a key cuts them short), then takes one key, posting to the input URL with the round', () => {
    expect(callNcco(page, INPUT, 2)).toEqual([
      { action: 'talk', text: 'Tocsin page. SEV-1 incident 42: Checkout & payments <down>. Service: checkout.', language: 'en-US', bargeIn: true },
      { action: 'talk', text: 'Press 4 to acknowledge, 6 to resolve, 1 to repeat.', language: 'en-US', bargeIn: true },
      { action: 'input', type: ['dtmf'], dtmf: { maxDigits: 1, timeOut: 8 }, eventUrl: [`${INPUT}?round=2`], eventMethod: 'POST' },
    ]);
  });

  it('a verification code is spelled twice and a notice said once, with no menu', () => {
    expect(callNcco({ kind: 'verify', subject: '', text: '', code: '4821' }, INPUT, 1)).toEqual([
      { action: 'talk', text: 'Your Tocsin verification code is 4, 8, 2, 1. Again: 4, 8, 2, 1.', language: 'en-US' },
    ]);
    expect(callNcco({ kind: 'notice', subject: '', text: 'Your shift starts at 18:00.' }, INPUT, 1)).toHaveLength(1);
  });

  it('4 acknowledges and 6 resolves; no key asks again until the last round; other keys repeat, a few times at most', () => {
    expect(inputTurn('4', 1)).toEqual({ act: 'acknowledge' });
    expect(inputTurn('6', 3)).toEqual({ act: 'resolve' });
    expect(inputTurn(undefined, 1)).toEqual({ again: 2 });
    expect(inputTurn(undefined, 2)).toEqual({ again: 3 });
    expect(inputTurn(undefined, 3)).toEqual({ end: 'no-key' });
    expect(inputTurn('1', 3)).toEqual({ again: 4 });
    expect(inputTurn('#', 5)).toEqual({ again: 6 });
    expect(inputTurn('9', 6)).toEqual({ end: 'goodbye' });
  });

  it('what is said after a key, and at the end', () => {
    expect(actedNcco('acknowledge', 'done')).toEqual([{ action: 'talk', text: 'Incident acknowledged. Thank you. Goodbye.', language: 'en-US' }]);
    expect(actedNcco('resolve', 'already', 'resolved')[0]!.text).toBe('This incident is already resolved. Nothing changed. Goodbye.');
    expect(actedNcco('acknowledge', 'refused')[0]!.text).toContain('cannot act');
    expect(endNcco('no-key')[0]!.text).toBe('No key was pressed. The page stays open. Goodbye.');
    expect(voicemailNcco(page)[0]!.text).toBe('Tocsin page. SEV-1 incident 42: Checkout & payments <down>. Service: checkout. This message does not acknowledge the page. Open Tocsin to respond.');
  });

  it("reads Vonage's call statuses: a person, a machine, not reached with why, or nothing to do", () => {
    expect(callEvent('human')).toEqual({ kind: 'human' });
    expect(callEvent('machine')).toEqual({ kind: 'machine' });
    expect(callEvent('busy')).toEqual({ kind: 'not-reached', note: 'the line was busy' });
    expect(callEvent('timeout')).toEqual({ kind: 'not-reached', note: 'nobody answered' });
    expect(callEvent('unanswered')).toEqual({ kind: 'not-reached', note: 'nobody answered' });
    expect(callEvent('rejected')).toEqual({ kind: 'not-reached', note: 'the call could not be placed (number unreachable or refused)' });
    expect(callEvent('cancelled')).toEqual({ kind: 'not-reached', note: 'the call was canceled before it was answered' });
    for (const s of ['started', 'ringing', 'answered', 'completed', undefined, 42]) expect(callEvent(s)).toEqual({ kind: 'other' });
  });
});
