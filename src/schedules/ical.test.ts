import { describe, expect, it } from 'vitest';
import { calendar, escapeText, fold, icalTime } from './ical.js';

describe('iCalendar text', () => {
  it('writes UTC times in the basic format', () => expect(icalTime(Date.parse('2026-01-05T08:00:00Z'))).toBe('20260105T080000Z'));

  it('escapes the characters TEXT values reserve', () => expect(escapeText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne'));
  it('cannot be made to start a line of its own: a lone CR is a line break too, other controls are left out', () =>
    expect(escapeText('Ana\rBEGIN:VEVENT\r\nX\u0007\u001b[2J')).toBe('Ana\\nBEGIN:VEVENT\\nX[2J'));

  it('folds long lines at 75 octets without splitting a character', () => {
    const line = `SUMMARY:${'é'.repeat(60)}`;
    const parts = fold(line).split('\r\n ');
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => Buffer.byteLength(p) <= 75)).toBe(true);
    expect(parts.join('')).toBe(line);
  });

  it('ends every line with CRLF and stamps each event', () => {
    const text = calendar('On call', [{ uid: 'u1@tocsin', start: 0, end: 3_600_000, summary: 'On call: Ana' }], 1000);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.split('\r\n').filter((l) => l.startsWith('DTSTAMP:'))).toEqual(['DTSTAMP:19700101T000001Z']);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });
});
