import { describe, expect, it } from 'vitest';
import type { PageContent } from './content.js';
import { actedTwiml, callStatusNote, callTwiml, digitAction, isMachine, voicemailTwiml } from './voice-twiml.js';

const page: PageContent = { kind: 'page', subject: '[SEV-1] #42 Checkout <down>', text: 'SEV-1 incident 42: Checkout & payments <down>. Service: checkout.' };
const urls = { gatherUrl: 'https://t.example/notify/twilio/voice/obx_1/gather', nextRoundUrl: 'https://t.example/notify/twilio/voice/obx_1?round=2' };

describe('voice TwiML', () => {
  it('says the summary, then offers the keys in a one-digit Gather posting to the gather URL, then the next round', () => {
    expect(callTwiml({ content: page, ...urls })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        '<Say>Tocsin page. SEV-1 incident 42: Checkout &amp; payments &lt;down&gt;. Service: checkout.</Say>' +
        '<Gather numDigits="1" timeout="8" method="POST" action="https://t.example/notify/twilio/voice/obx_1/gather"><Say>Press 4 to acknowledge, 6 to resolve, 1 to repeat.</Say></Gather>' +
        '<Redirect method="POST">https://t.example/notify/twilio/voice/obx_1?round=2</Redirect>' +
        '</Response>',
    );
  });

  it('leaves out what XML cannot hold, so a summary with a control character is still said', () => {
    const bell = { ...page, text: 'SEV-1 incident 42: Disk\u0007 full \u001b[31mnow\uffff.' };
    const twiml = callTwiml({ content: bell, ...urls });
    expect(twiml).toContain('<Say>Tocsin page. SEV-1 incident 42: Disk full [31mnow.</Say>');
    expect([...twiml].filter((c) => c < ' ' || c === '\uffff')).toEqual([]);
  });

  it('after the last round, says the page stays open and hangs up', () => {
    const twiml = callTwiml({ content: page, ...urls, nextRoundUrl: null });
    expect(twiml).toContain('<Say>No key was pressed. The page stays open. Goodbye.</Say><Hangup/></Response>');
    expect(twiml).not.toContain('<Redirect');
  });

  it('a verification code is spelled twice, with no menu', () => {
    const twiml = callTwiml({ content: { kind: 'verify', subject: 'code', text: '', code: '4821' }, ...urls });
    expect(twiml).toContain('code is 4, 8, 2, 1. Again: 4, 8, 2, 1.');
    expect(twiml).not.toContain('<Gather');
  });

  it('a test page says so and offers the keys; a notice is said once', () => {
    expect(callTwiml({ content: { ...page, kind: 'test' }, ...urls })).toContain('<Say>This is a Tocsin test page.');
    const notice = callTwiml({ content: { ...page, kind: 'notice' }, ...urls });
    expect(notice).not.toContain('<Gather');
    expect(notice).toContain('<Hangup/>');
  });

  it('voicemail: says the page, that it does not acknowledge, and hangs up without a Gather', () => {
    const twiml = voicemailTwiml(page);
    expect(twiml).toContain('This message does not acknowledge the page.');
    expect(twiml).not.toContain('<Gather');
    expect(twiml).toMatch(/<Hangup\/><\/Response>$/);
  });

  it('keys: 4 acknowledges, 6 resolves, anything else repeats', () => {
    expect(digitAction('4')).toBe('acknowledge');
    expect(digitAction('6')).toBe('resolve');
    for (const d of ['1', '0', '#', '*', '', undefined, '44']) expect(digitAction(d)).toBe('repeat');
  });

  it('answering machines and fax are machines; people and unknown are not', () => {
    for (const m of ['machine_start', 'machine_end_beep', 'machine_end_silence', 'machine_end_other', 'fax']) expect(isMachine(m)).toBe(true);
    for (const p of ['human', 'unknown', undefined, '']) expect(isMachine(p)).toBe(false);
  });

  it('what the person hears after a key', () => {
    expect(actedTwiml('acknowledge', 'done')).toContain('Incident acknowledged.');
    expect(actedTwiml('resolve', 'done')).toContain('Incident resolved.');
    expect(actedTwiml('acknowledge', 'already', 'resolved')).toContain('already resolved. Nothing changed.');
    expect(actedTwiml('acknowledge', 'refused')).toContain('cannot act');
    expect(actedTwiml('acknowledge', 'test')).toContain('Test page received');
  });

  it('final call status: completed needs nothing; not reached is a note', () => {
    expect(callStatusNote('completed')).toBeNull();
    expect(callStatusNote('busy')).toMatch(/busy/);
    expect(callStatusNote('no-answer')).toMatch(/nobody answered/);
    expect(callStatusNote('failed')).toMatch(/could not be placed/);
    expect(callStatusNote('canceled')).toMatch(/canceled/);
  });
});
