import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  BACKOFF_CAP_MS,
  backoffMs,
  canAcquireLease,
  errorMessage,
  exhaustedByLostLeases,
  isClaimable,
  leaseExpired,
  MAX_ERROR_LENGTH,
  pruneCutoff,
  retryDelayMs,
  wakeDelayMs,
  type ClaimView,
} from './model.js';

describe('backoff', () => {
  it.each([
    [0, 1_000],
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [4, 8_000],
    [9, 256_000],
    [10, BACKOFF_CAP_MS],
    [1_000, BACKOFF_CAP_MS],
  ])('after attempt %i waits %i ms', (attempt, ms) => {
    expect(backoffMs(attempt)).toBe(ms);
  });

  it.each([
    [1, 0, 1_000],
    [1, 0.5, 900],
    [3, 0.999, 3_200],
    [20, 0, BACKOFF_CAP_MS],
  ])('attempt %i with random %f waits %i ms', (attempt, random, ms) => {
    expect(retryDelayMs(attempt, random)).toBe(Math.floor(ms));
  });

  it('is non-decreasing and capped for any jitter draw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (attempt, r) => {
        const a = retryDelayMs(attempt, r);
        const b = retryDelayMs(attempt + 1, r);
        expect(b).toBeGreaterThanOrEqual(a);
        expect(b).toBeLessThanOrEqual(BACKOFF_CAP_MS);
        expect(a).toBeGreaterThanOrEqual(Math.floor(backoffMs(attempt) * 0.8));
      }),
    );
  });
});

describe('leases', () => {
  const now = 10_000;
  it.each([
    [null, true],
    [now - 1, true],
    [now, false],
    [now + 1, false],
  ])('expiry %s is expired at now: %s', (expiresAt, expired) => {
    expect(leaseExpired(expiresAt, now)).toBe(expired);
  });

  it.each([
    ['no row', undefined, true],
    ['ours, live', { owner: 'me', expires_at: now + 5 }, true],
    ['theirs, live', { owner: 'them', expires_at: now + 5 }, false],
    ['theirs, expiring now', { owner: 'them', expires_at: now }, false],
    ['theirs, expired', { owner: 'them', expires_at: now - 1 }, true],
  ])('%s: can acquire = %s', (_label, row, ok) => {
    expect(canAcquireLease(row, 'me', now)).toBe(ok);
  });
});

describe('claimable jobs', () => {
  const now = 50_000;
  const cases: [string, ClaimView, boolean][] = [
    ['pending, due in the past', { status: 'pending', due_at: now - 1, lease_until: null }, true],
    ['pending, due now', { status: 'pending', due_at: now, lease_until: null }, true],
    ['pending, due later', { status: 'pending', due_at: now + 1, lease_until: null }, false],
    ['running, lease live', { status: 'running', due_at: 0, lease_until: now + 1 }, false],
    ['running, lease ends now', { status: 'running', due_at: 0, lease_until: now }, false],
    ['running, lease expired', { status: 'running', due_at: 0, lease_until: now - 1 }, true],
    ['running, no lease', { status: 'running', due_at: 0, lease_until: null }, false],
    ['done', { status: 'done', due_at: 0, lease_until: null }, false],
    ['failed', { status: 'failed', due_at: 0, lease_until: null }, false],
  ];
  it.each(cases)('%s: %s', (_label, job, expected) => {
    expect(isClaimable(job, now)).toBe(expected);
  });
});

describe('after a failure', () => {
  it.each([
    [1, 3, 'pending', 1_000],
    [2, 3, 'pending', 2_000],
    [3, 3, 'failed', null],
    [1, 1, 'failed', null],
  ])('attempt %i of %i → %s', (attempts, max_attempts, status, delay) => {
    const next = afterFailure({ attempts, max_attempts }, 100, 'boom', 0);
    expect(next.status).toBe(status);
    expect(next.last_error).toBe('boom');
    if (next.status === 'pending') expect(next.due_at).toBe(100 + (delay ?? 0));
    else expect(next.finished_at).toBe(100);
  });

  it('truncates long errors', () => {
    const next = afterFailure({ attempts: 1, max_attempts: 2 }, 0, 'x'.repeat(10_000), 0);
    expect(next.last_error.length).toBe(MAX_ERROR_LENGTH);
  });

  it.each([
    [0, 1, false],
    [9, 10, false],
    [10, 10, true],
    [1, 1, true],
  ])('%i lone lost leases of %i allowed: exhausted = %s', (lone_losses, max_attempts, expected) => {
    expect(exhaustedByLostLeases({ lone_losses, max_attempts })).toBe(expected);
  });

  it.each([
    [new Error('bad'), 'bad'],
    [new TypeError(''), 'TypeError'],
    ['text', 'text'],
    [{ a: 1 }, '{"a":1}'],
    [undefined, 'undefined'],
  ])('error message of %o is %s', (err, msg) => {
    expect(errorMessage(err)).toBe(msg);
  });
});

describe('queue wake-up', () => {
  it.each([
    [null, 1_000, 1_000],
    [1_200, 1_000, 200],
    [5_000, 1_000, 1_000],
    [1_000, 5, 5],
    [500, 5, 5],
    [1_001, 1, 1],
  ] as const)('next due %s at now 1000, interval %i: waits %i ms', (next, interval, wait) => {
    expect(wakeDelayMs(next, 1_000, interval)).toBe(wait);
  });

  it('never wakes later than the next due job or the interval, nor earlier than needed', () => {
    fc.assert(
      fc.property(fc.option(fc.integer({ min: 0, max: 1e7 })), fc.integer({ min: 0, max: 1e7 }), fc.integer({ min: 1, max: 60_000 }), (next, now, interval) => {
        const d = wakeDelayMs(next, now, interval);
        expect(d).toBeGreaterThan(0);
        expect(d).toBeLessThanOrEqual(interval);
        if (next !== null && next > now) expect(d).toBeLessThanOrEqual(next - now);
      }),
    );
  });

  it('prunes what finished before now minus the retention', () => {
    expect(pruneCutoff(10_000, 3_000)).toBe(7_000);
  });
});
