import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors.js';
import { checkDescription, MAX_DESCRIPTION_LENGTH, requireKnown, toTeamJson, uniqueIds } from './model.js';

describe('team rules', () => {
  it('keeps ids once each, in order', () => expect(uniqueIds(['b', 'a', 'b'])).toEqual(['b', 'a']));

  it('names the field when a reference is unknown', () => {
    expect(() => requireKnown(['u1'], new Set(['u1']), 'member_ids', 'user')).not.toThrow();
    try {
      requireKnown(['u1', 'u9'], new Set(['u1']), 'member_ids', 'user');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).field).toBe('member_ids');
      expect((e as ValidationError).message).toContain('u9');
    }
  });

  it('trims descriptions and limits their length', () => {
    expect(checkDescription('  hi  ')).toBe('hi');
    expect(() => checkDescription('x'.repeat(5001))).toThrow(ValidationError);
  });

  it('shapes JSON with RFC 3339 times and sorted members', () => {
    const row = { id: 'team_1', name: 'Core', description: '', created_at: 0, updated_at: 1000 };
    expect(toTeamJson(row, ['u2', 'u1'])).toEqual({
      id: 'team_1',
      name: 'Core',
      description: '',
      member_ids: ['u1', 'u2'],
      created_at: '1970-01-01T00:00:00.000Z',
      updated_at: '1970-01-01T00:00:01.000Z',
    });
  });
});

// Added for mutation testing (docs/testing.md).
describe('team description edges', () => {
  it('takes exactly the maximum length and names the field beyond it', () => {
    expect(checkDescription(` ${'d'.repeat(MAX_DESCRIPTION_LENGTH)} `)).toHaveLength(MAX_DESCRIPTION_LENGTH);
    expect(() => checkDescription('d'.repeat(MAX_DESCRIPTION_LENGTH + 1))).toThrow(`description must be at most ${MAX_DESCRIPTION_LENGTH} characters`);
    try {
      checkDescription('d'.repeat(MAX_DESCRIPTION_LENGTH + 1));
    } catch (err) {
      expect((err as { field?: string }).field).toBe('description');
    }
  });
});
