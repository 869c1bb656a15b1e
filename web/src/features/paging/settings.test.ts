import { describe, expect, it } from 'vitest';
import { businessHoursSentence, daysSentence } from './settings';

describe('service paging settings in words', () => {
  it('names runs of days as a range and others one by one', () => {
    expect(daysSentence([1, 2, 3, 4, 5])).toBe('Mon–Fri');
    expect(daysSentence([5, 1, 3])).toBe('Mon, Wed, Fri');
    expect(daysSentence([6, 7])).toBe('Sat, Sun');
    expect(daysSentence([1, 2, 3, 4, 5, 6, 7])).toBe('every day');
  });

  it('says the hours with their zone', () => {
    expect(businessHoursSentence({ time_zone: 'Europe/Paris', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' })).toBe('Business hours: Mon–Fri 09:00–17:00 (Europe/Paris)');
  });
});
