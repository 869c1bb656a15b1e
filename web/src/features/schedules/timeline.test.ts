import { describe, expect, it } from 'vitest';
import { DEFAULT_THEME } from '@mantine/core';
import { bars, colorOf, PALETTE, rangeOf, step, tracks } from './timeline';
import type { Plan, Shift } from './types';

const shift = (start: string, end: string, user_id: string | null): Shift => ({ start, end, user_id, user_name: null, layer_id: null, override_id: null, uncovered_user_id: null });

describe('the schedule timeline', () => {
  it('spans local days in the zone read', () => {
    const r = rangeOf('week', Date.parse('2026-01-07T12:00:00Z'), 'Europe/Berlin');
    expect([new Date(r.from).toISOString(), new Date(r.to).toISOString()]).toEqual(['2026-01-06T23:00:00.000Z', '2026-01-13T23:00:00.000Z']);
    expect(new Date(step('week', r, 1, 'Europe/Berlin').from).toISOString()).toBe('2026-01-13T23:00:00.000Z');
  });

  it('places shifts by percent, cut to the range', () => {
    const r = { from: Date.parse('2026-01-05T00:00:00Z'), to: Date.parse('2026-01-06T00:00:00Z') };
    const [a, b] = bars([shift('2026-01-04T12:00:00Z', '2026-01-05T06:00:00Z', 'a'), shift('2026-01-05T06:00:00Z', '2026-01-07T00:00:00Z', 'b')], r);
    expect([a!.left, a!.width, b!.left, b!.width]).toEqual([0, 25, 25, 75]);
  });

  it('lists layers top first, then overrides and the result', () => {
    const plan = { layers: [{ layer_id: 'l1', name: 'Bottom', shifts: [] }, { layer_id: 'l2', name: 'Top', shifts: [] }], overrides: [], final: [] } as unknown as Plan;
    expect(tracks(plan).map((t) => t.label)).toEqual(['Top', 'Bottom', 'Overrides', 'On call']);
  });

  it('gives a person one colour and a gap grey', () => {
    expect(colorOf('usr_1')).toBe(colorOf('usr_1'));
    expect(colorOf(null)).toBe('gray');
  });
});

describe('the people colours', () => {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };

  it('keep white text at 4.5:1 or better (WCAG AA) at shade 9', () => {
    for (const c of PALETTE) expect(1.05 / (luminance(DEFAULT_THEME.colors[c][9]) + 0.05), c).toBeGreaterThanOrEqual(4.5);
  });
});
