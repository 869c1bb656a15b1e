import { describe, expect, it } from 'vitest';
import { testDatabaseName } from '../support/db.js';
import { parseDialects } from '../support/dialects.js';
import { isStaleTestDatabase, STALE_AFTER_MS } from '../support/global-setup.js';

// The test harness's own rules: a run must test what it says it tests, and must not break
// another run that shares the PostgreSQL server.

describe('TOCSIN_TEST_DIALECTS', () => {
  it('runs both databases by default and narrows to the ones named', () => {
    expect(parseDialects(undefined)).toEqual(['sqlite', 'postgres']);
    expect(parseDialects('')).toEqual(['sqlite', 'postgres']);
    expect(parseDialects('postgres, SQLite')).toEqual(['sqlite', 'postgres']);
    expect(parseDialects('sqlite')).toEqual(['sqlite']);
  });

  it('fails on a name that is not a database instead of dropping it', () => {
    expect(() => parseDialects('sqllite,postgres')).toThrow('TOCSIN_TEST_DIALECTS="sqllite,postgres": unknown database "sqllite"; use sqlite, postgres or sqlite,postgres');
    expect(() => parseDialects(',')).toThrow(/\(none given\)/);
  });
});

describe('leftover test databases', () => {
  const now = Date.parse('2026-11-29T12:00:00Z');
  const dead = () => false;
  const name = (pid: number, at: number) => testDatabaseName(pid, at);

  it('name their process and creation time', () => {
    expect(name(4242, now)).toMatch(new RegExp(`^tocsin_test_4242_${now / 1000}_[a-z0-9]+$`));
  });

  it('are dropped only when old and their process is gone', () => {
    const old = now - STALE_AFTER_MS - 1000;
    expect(isStaleTestDatabase(name(4242, old), now, dead)).toBe(true);
    expect(isStaleTestDatabase(name(4242, old), now, () => true)).toBe(false);
    // Another run's database (its process invisible from here) is young: left alone.
    expect(isStaleTestDatabase(name(4242, now - 60_000), now, dead)).toBe(false);
    // Names without a creation time, or not ours, are never touched.
    expect(isStaleTestDatabase('tocsin_test_4242_k2j4h5g6', now, dead)).toBe(false);
    expect(isStaleTestDatabase('tocsin_prod', now, dead)).toBe(false);
  });
});

describe('why a test failed, in the summary', () => {
  it('gives the error up to its stack on one line under the name, colours removed', async () => {
    // @ts-expect-error: a plain .mjs script, no types
    const { why } = (await import('../../scripts/test-why.mjs')) as { why: (m: unknown) => string };
    const timeout = "locator.waitFor: Timeout 10000ms exceeded.\nCall log:\n  - waiting for locator('[data-testid=\"status-badge\"]') to be visible\n\n    at status (test/e2e/incident-keys.test.ts:13:82)";
    expect(why(timeout)).toBe("\n      why: locator.waitFor: Timeout 10000ms exceeded. / Call log: / - waiting for locator('[data-testid=\"status-badge\"]') to be visible");
    expect(why('\x1b[31mAssertionError: expected 1 to be 2\x1b[39m\n    at file.ts:1:1')).toBe('\n      why: AssertionError: expected 1 to be 2');
    expect(why(`Error: ${'x'.repeat(400)}`)).toHaveLength('\n      why: '.length + 301);
    expect(why(undefined)).toBe('');
  });
});
