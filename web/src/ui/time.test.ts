import { describe, expect, it } from 'vitest';
import { formatWhen } from './time';

describe('formatWhen', () => {
  const utc = { timeZone: 'UTC', locale: 'en-US' };
  const now = Date.parse('2026-11-27T00:05:00Z');

  it.each([
    ['2026-11-27T00:01:02Z', '00:01:02'], // today: the clock, to the second
    ['2026-11-26T23:58:12Z', 'Nov 26, 23:58'], // seven minutes ago, but before midnight
    ['2026-11-20T03:47:18Z', 'Nov 20, 03:47'], // read days later
    ['2026-11-28T09:00:00Z', 'Nov 28, 09:00'], // tomorrow (a token's expiry)
    ['2025-11-27T00:01:02Z', 'Nov 27, 2025, 00:01'], // same day, another year
  ])('%s → %s', (iso, text) => expect(formatWhen(iso, now, utc)).toBe(text));

  it('decides "today" where the reader is', () => {
    // 23:58 UTC on the 26th is 18:58 on the 26th in New York, where it is now 19:05 on the 26th.
    expect(formatWhen('2026-11-26T23:58:12Z', now, { timeZone: 'America/New_York', locale: 'en-US' })).toBe('18:58:12');
    // and 00:01 UTC on the 27th is 09:01 on the 27th in Tokyo, where it is 09:05 on the 27th.
    expect(formatWhen('2026-11-27T00:01:02Z', now, { timeZone: 'Asia/Tokyo', locale: 'en-US' })).toBe('09:01:02');
    expect(formatWhen('2026-11-26T14:59:00Z', now, { timeZone: 'Asia/Tokyo', locale: 'en-US' })).toBe('Nov 26, 23:59');
  });

  it('shows a dash for no time and the raw text for a malformed one', () => {
    expect(formatWhen(null, now, utc)).toBe('—');
    expect(formatWhen(undefined, now, utc)).toBe('—');
    expect(formatWhen('not a time', now, utc)).toBe('not a time');
  });
});
