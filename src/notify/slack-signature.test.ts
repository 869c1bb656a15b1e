import { describe, expect, it } from 'vitest';
import { slackSignature, verifySlackRequest } from './slack-signature.js';

// Slack's own worked example (https://api.slack.com/authentication/verifying-requests-from-slack).
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TS = '1531420618';
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const EXPECTED = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const AT = Number(TS) * 1000;

describe('Slack request signature', () => {
  it('matches Slack’s documented example', () => {
    expect(slackSignature(SECRET, TS, BODY)).toBe(EXPECTED);
  });

  it('accepts the signed request within five minutes either way', () => {
    for (const skew of [0, 299_000, -299_000]) expect(verifySlackRequest(SECRET, { signature: EXPECTED, timestamp: TS }, BODY, AT + skew)).toBe('ok');
  });

  it('refuses a replay older than five minutes even with a good signature', () => {
    expect(verifySlackRequest(SECRET, { signature: EXPECTED, timestamp: TS }, BODY, AT + 301_000)).toBe('stale');
    expect(verifySlackRequest(SECRET, { signature: EXPECTED, timestamp: TS }, BODY, AT - 301_000)).toBe('stale');
  });

  it.each([
    ['another secret', { signature: slackSignature('other', TS, BODY), timestamp: TS }, BODY],
    ['a changed body', { signature: EXPECTED, timestamp: TS }, `${BODY}&x=1`],
    ['a changed timestamp', { signature: EXPECTED, timestamp: String(Number(TS) + 1) }, BODY],
    ['a truncated signature', { signature: EXPECTED.slice(0, 20), timestamp: TS }, BODY],
  ])('refuses %s as forged', (_name, headers, body) => {
    expect(verifySlackRequest(SECRET, headers, body, AT)).toBe('forged');
  });

  it.each([
    ['no signature', { timestamp: TS }],
    ['no timestamp', { signature: EXPECTED }],
    ['a timestamp that is not a number', { signature: EXPECTED, timestamp: '15314e6' }],
    ['headers given twice', { signature: [EXPECTED, EXPECTED], timestamp: TS }],
  ])('refuses %s as missing', (_name, headers) => {
    expect(verifySlackRequest(SECRET, headers, BODY, AT)).toBe('missing');
  });
});
