import { describe, expect, it } from 'vitest';
import { expiryFrom, tokenState } from './tokenState';

const now = Date.parse('2026-01-05T09:00:00Z');

describe('tokenState', () => {
  it.each([
    [{ expires_at: null, revoked_at: null }, 'active'],
    [{ expires_at: '2026-02-01T00:00:00Z', revoked_at: null }, 'active'],
    [{ expires_at: '2026-01-05T09:00:00Z', revoked_at: null }, 'expired'],
    [{ expires_at: '2026-01-01T00:00:00Z', revoked_at: '2025-12-01T00:00:00Z' }, 'revoked'],
  ])('%j → %s', (t, state) => expect(tokenState(t, now)).toBe(state));
});

describe('expiryFrom', () => {
  it('turns a number of days into an RFC 3339 time, and never into no expiry', () => {
    expect(expiryFrom('30', now)).toBe('2026-02-04T09:00:00.000Z');
    expect(expiryFrom('never', now)).toBeUndefined();
  });
});
