import { describe, expect, it } from 'vitest';
import { afterFailure, isClaimable, leaseExpired, MAX_ERROR_LENGTH } from './model.js';

// Edges the mutation run (npm run test:mutation, docs/testing.md) found untested. Kept apart
// from model.test.ts, which changes with the engine.

describe('engine model edges', () => {
  it('treats a missing lease expiry as expired', () => {
    expect(leaseExpired(null, 0)).toBe(true);
    expect(leaseExpired(10, 10)).toBe(false);
    expect(leaseExpired(10, 11)).toBe(true);
  });

  it('never claims a running job that has no lease', () => {
    expect(isClaimable({ status: 'running', due_at: 0, lease_until: null }, 1_000)).toBe(false);
    expect(isClaimable({ status: 'running', due_at: 0, lease_until: 5 }, 1_000)).toBe(true);
  });

  it('keeps an error of exactly the maximum length whole', () => {
    const error = 'e'.repeat(MAX_ERROR_LENGTH);
    expect(afterFailure({ attempts: 1, max_attempts: 3 }, 0, error, 0).last_error).toBe(error);
    expect(afterFailure({ attempts: 1, max_attempts: 3 }, 0, `${error}x`, 0).last_error).toHaveLength(MAX_ERROR_LENGTH);
  });
});

describe('engine model: finished jobs', () => {
  it('never claims a job that is done or failed, whatever its lease says', () => {
    expect(isClaimable({ status: 'done', due_at: 0, lease_until: 5 }, 1_000)).toBe(false);
    expect(isClaimable({ status: 'failed', due_at: 0, lease_until: 5 }, 1_000)).toBe(false);
  });
});
