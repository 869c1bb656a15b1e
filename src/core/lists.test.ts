import { describe, expect, it } from 'vitest';
import { idList } from './lists.js';

describe('idList', () => {
  it('takes a comma list, trimmed, each id once', () => {
    expect(idList(' inc_a, inc_b,,inc_a ', 'incident_ids')).toEqual(['inc_a', 'inc_b']);
  });
  it('refuses an empty list, too many ids and an overlong one, naming the field', () => {
    expect(() => idList(' , ', 'user_ids')).toThrow(/^user_ids must name at least one id/);
    expect(() => idList(Array.from({ length: 101 }, (_, i) => `inc_${i}`).join(','), 'incident_ids')).toThrow(/at most 100 ids \(got 101\)/);
    expect(() => idList(`inc_a,${'x'.repeat(101)}`, 'incident_ids')).toThrow(/longer than 100 characters/);
    expect(idList(Array.from({ length: 100 }, (_, i) => `inc_${i}`).join(','), 'incident_ids')).toHaveLength(100);
  });
});
