import { describe, expect, it } from 'vitest';
import { isNightIn, localTimeIn, timeZones, zoneMatches } from './timeZones';

const at = Date.parse('2026-01-05T02:30:00Z'); // a Monday

describe('time zones', () => {
  it('lists UTC and named zones, sorted', () => {
    const zones = timeZones();
    expect(zones).toContain('UTC');
    expect(zones).toContain('Europe/Paris');
    expect([...zones].sort((a, b) => a.localeCompare(b))).toEqual(zones);
  });
  it.each([
    ['UTC', true],
    ['Europe/Paris', true],
    ['Asia/Tokyo', false],
    ['America/Los_Angeles', false],
    ['Not/AZone', false],
  ])('night in %s at 02:30 UTC: %s', (zone, night) => expect(isNightIn(zone, at)).toBe(night));
  it('tells the local time, or the zone when unknown', () => {
    expect(localTimeIn('Asia/Tokyo', at, 'en-GB')).toBe('Mon 11:30');
    expect(localTimeIn('Not/AZone', at)).toBe('Not/AZone');
  });
  it.each(['New York', 'new york', 'new_york', 'America/New_York', 'america/new', 'York', '  New   York '])('finds America/New_York by %j', (typed) =>
    expect(zoneMatches('America/New_York', typed)).toBe(true),
  );
  it('finds zones with hyphens and every zone for an empty search, and not others', () => {
    expect(zoneMatches('America/Port-au-Prince', 'port au prince')).toBe(true);
    expect(zoneMatches('Europe/Paris', '')).toBe(true);
    expect(zoneMatches('Europe/Paris', 'New York')).toBe(false);
    expect(timeZones().filter((z) => zoneMatches(z, 'New York'))).toContain('America/New_York');
  });
});
