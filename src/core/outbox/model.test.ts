import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  afterError,
  askBeforeSending,
  available,
  BACKOFF_CAP_MS,
  canMove,
  classifyError,
  classifyStatus,
  givesUpInterrupted,
  isFinal,
  journalReplayNote,
  msUntilToken,
  parseRetryAfter,
  ProviderError,
  refill,
  retryDelayMs,
  settledBy,
  settledByJournal,
  STATUSES,
  take,
  type AttemptFact,
} from './model.js';

describe('status transitions', () => {
  it.each([
    ['pending', 'sending', true],
    ['sending', 'sending', true],
    ['sending', 'sent', true],
    ['sending', 'failed', true],
    ['sending', 'delivered', true],
    ['sent', 'delivered', true],
    ['pending', 'sent', false],
    ['sent', 'sending', false],
    ['sent', 'pending', false],
    ['sent', 'failed', false],
    ['delivered', 'sent', false],
    ['delivered', 'failed', false],
    ['failed', 'sending', false],
    ['failed', 'delivered', false],
  ] as const)('%s → %s: %s', (from, to, ok) => {
    expect(canMove(from, to)).toBe(ok);
  });

  it('never moves backwards in the status order, and nothing leaves a final status', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATUSES), fc.constantFrom(...STATUSES), (from, to) => {
        if (canMove(from, to)) {
          expect(STATUSES.indexOf(to)).toBeGreaterThanOrEqual(STATUSES.indexOf(from));
          expect(isFinal(from)).toBe(false);
        }
      }),
    );
  });
});

describe('retry schedule', () => {
  it.each([
    [1, 0, 1_000],
    [2, 0, 2_000],
    [3, 0, 4_000],
    [1, 1, 800],
    [30, 0, BACKOFF_CAP_MS],
  ])('attempt %i with random %f waits %i ms', (attempt, random, ms) => {
    expect(retryDelayMs(attempt, random)).toBe(ms);
  });

  it('honours Retry-After when it asks for longer', () => {
    expect(retryDelayMs(1, 0, 30_000)).toBe(30_000);
    expect(retryDelayMs(5, 0, 10)).toBe(16_000);
  });

  it('is positive, capped, and grows with the attempt (before jitter)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
        const d = retryDelayMs(attempt, r);
        expect(d).toBeGreaterThan(0);
        expect(d).toBeLessThanOrEqual(BACKOFF_CAP_MS);
        expect(retryDelayMs(attempt + 1, 0)).toBeGreaterThanOrEqual(retryDelayMs(attempt, 0));
      }),
    );
  });

  it('retries transient errors until max_attempts, fails permanent ones at once', () => {
    expect(afterError('transient', 1, 3, 1_000, 0)).toEqual({ next: 'retry', retryAt: 2_000 });
    expect(afterError('transient', 3, 3, 1_000, 0)).toEqual({ next: 'failed' });
    expect(afterError('permanent', 1, 3, 1_000, 0)).toEqual({ next: 'failed' });
  });
});

describe('classification', () => {
  it.each([
    [200, 'ok'],
    [204, 'ok'],
    [301, 'permanent'],
    [400, 'permanent'],
    [404, 'permanent'],
    [408, 'transient'],
    [429, 'transient'],
    [500, 'transient'],
    [503, 'transient'],
  ] as const)('HTTP %i is %s', (code, kind) => {
    expect(classifyStatus(code)).toBe(kind);
  });

  it('treats unknown errors (network, abort) as transient and keeps a ProviderError verdict', () => {
    expect(classifyError(new TypeError('fetch failed')).kind).toBe('transient');
    expect(classifyError(new ProviderError('gone', 'permanent', 410))).toMatchObject({ kind: 'permanent', responseCode: 410 });
  });

  it('reads Retry-After as seconds or as a date', () => {
    const now = Date.parse('2026-01-05T09:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 05 Jan 2026 09:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('token bucket', () => {
  it('refills at the rate up to the burst and says when the next token comes', () => {
    let b = { tokens: 2, at: 0 };
    b = take(b, 2);
    expect(available(b)).toBe(0);
    expect(msUntilToken(b, 2)).toBe(500);
    b = refill(b, 500, 2, 2);
    expect(available(b)).toBe(1);
    b = refill(b, 10_000, 2, 2);
    expect(available(b)).toBe(2);
  });

  it('never hands out more than burst + rate × elapsed', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2_000 }), { maxLength: 50 }), fc.integer({ min: 1, max: 50 }), (gaps, rate) => {
        let b = { tokens: rate, at: 0 };
        let now = 0;
        let taken = 0;
        for (const gap of gaps) {
          now += gap;
          b = refill(b, now, rate, rate);
          const n = available(b);
          b = take(b, n);
          taken += n;
        }
        expect(taken).toBeLessThanOrEqual(rate + (rate * now) / 1000 + 1e-6);
      }),
    );
  });
});

describe('givesUpInterrupted', () => {
  it('a storm of restarts does not use up a page that allows few attempts; a message that keeps killing its process is given up', () => {
    expect(givesUpInterrupted(5, 4)).toBe(false); // four interrupted claims of a page: sent again
    expect(givesUpInterrupted(10, 4)).toBe(false);
    expect(givesUpInterrupted(11, 4)).toBe(true);
    expect(givesUpInterrupted(21, 20)).toBe(true);
    expect(givesUpInterrupted(20, 20)).toBe(false);
  });
});

describe('asking the provider before sending again', () => {
  const t0 = 1_767_225_600_000;
  const fact = (attempt: number, outcome: AttemptFact['outcome'], responseCode: number | null = null): AttemptFact => ({ attempt, startedAt: t0 + attempt * 1_000, outcome, responseCode });

  it('asks when the previous attempt got no answer, from the first attempt\'s start on', () => {
    expect(askBeforeSending([fact(1, 'interrupted')], 2, false, t0)).toEqual({ since: t0 + 1_000 });
    expect(askBeforeSending([fact(1, 'transient_error', null), fact(2, 'transient_error', null)], 3, false, t0)).toEqual({ since: t0 + 1_000 });
    // Stuck: the previous claim's deadline passed; it asks even when that claim left no attempt row.
    expect(askBeforeSending([], 2, true, t0)).toEqual({ since: t0 });
  });

  it('just sends a first attempt, and after the provider answered no', () => {
    expect(askBeforeSending([], 1, false, t0)).toBeNull();
    expect(askBeforeSending([fact(1, 'transient_error', 503)], 2, false, t0)).toBeNull(); // 5xx: it said no
    expect(askBeforeSending([fact(1, 'transient_error', 429)], 2, false, t0)).toBeNull();
    expect(askBeforeSending([fact(1, 'interrupted'), fact(2, 'transient_error', 503)], 3, false, t0)).toBeNull(); // only the last attempt counts
  });

  it('accepted and delivered settle the message with a note; unknown sends again', () => {
    expect(settledBy({ state: 'accepted', providerRef: 'twilio:SM1' })).toEqual({ status: 'sent', providerRef: 'twilio:SM1', note: 'settled by asking the provider: accepted (twilio:SM1); not sent again' });
    expect(settledBy({ state: 'delivered' })).toMatchObject({ status: 'delivered', providerRef: null });
    expect(settledBy({ state: 'unknown' })).toBeNull();
  });
});

describe('what a send journal line settles', () => {
  it('an accepted attempt names its provider ref; a hand-over says the answer was not read', () => {
    expect(settledByJournal({ attempt: 1, providerRef: 'SM42' })).toEqual({
      status: 'sent',
      providerRef: 'SM42',
      note: 'settled by the send journal: the provider accepted attempt 1 (SM42); not sent again',
    });
    expect(settledByJournal({ attempt: 2, providerRef: null, handedOver: true }).note).toBe(
      'settled by the send journal: the provider had the whole of attempt 2 when the process stopped (its answer was not read); not sent again',
    );
    expect(journalReplayNote({ attempt: 3, providerRef: null })).toBe('recorded from the send journal at a restart: the provider accepted attempt 3');
  });
});
