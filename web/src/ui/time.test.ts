import { describe, expect, it } from 'vitest';
import { formatWhen } from './time';

describe('formatWhen', () => {
  const now = Date.parse('2026-11-27T00:05:00Z');

  it.each([
    ['2026-11-27T00:01:02Z', 'Nov 27, 12:01:02 AM UTC'], // today: the date too, for times read later
    ['2026-11-26T23:58:12Z', 'Nov 26, 11:58:12 PM UTC'],
    ['2026-11-28T09:00:00Z', 'Nov 28, 9:00:00 AM UTC'], // tomorrow (a token's expiry)
    ['2025-11-27T00:01:02Z', 'Nov 27, 2025, 12:01:02 AM UTC'], // another year
  ])('%s → %s (en-US: 12-hour)', (iso, text) => expect(formatWhen(iso, now, { timeZone: 'UTC', locale: 'en-US' })).toBe(text));

  it('follows the locale for the 12/24-hour convention', () => {
    expect(formatWhen('2026-11-26T23:58:12Z', now, { timeZone: 'UTC', locale: 'en-GB' })).toBe('26 Nov, 23:58:12 UTC');
  });

  it('reads the time in the reader zone and names it', () => {
    expect(formatWhen('2026-11-26T23:58:12Z', now, { timeZone: 'America/New_York', locale: 'en-US' })).toBe('Nov 26, 6:58:12 PM EST');
    expect(formatWhen('2026-11-27T00:01:02Z', now, { timeZone: 'Asia/Tokyo', locale: 'en-GB' })).toBe('27 Nov, 09:01:02 GMT+9');
    // Half past midnight on New Year's Day in Tokyo: last night's 23:00 was last year there, not in UTC.
    const newYear = Date.parse('2025-12-31T15:30:00Z');
    expect(formatWhen('2025-12-31T14:00:00Z', newYear, { timeZone: 'Asia/Tokyo', locale: 'en-GB' })).toBe('31 Dec 2025, 23:00:00 GMT+9');
    expect(formatWhen('2025-12-31T14:00:00Z', newYear, { timeZone: 'UTC', locale: 'en-GB' })).toBe('31 Dec, 14:00:00 UTC');
  });

  it('shows a dash for no time and the raw text for a malformed one', () => {
    expect(formatWhen(null, now)).toBe('—');
    expect(formatWhen(undefined, now)).toBe('—');
    expect(formatWhen('not a time', now)).toBe('not a time');
  });
});
