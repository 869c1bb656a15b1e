import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { ValidationError } from './errors.js';

const fieldOf = (env: Record<string, string>): string | undefined => {
  try {
    loadConfig(env);
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toContain((err as ValidationError).field!);
    return (err as ValidationError).field;
  }
};

describe('configuration', () => {
  it('defaults to SQLite in ./data on port 8080', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ databaseUrl: 'sqlite:./data/tocsin.db', port: 8080, publicUrl: 'http://localhost:8080', cookieSecure: false, trustProxy: false, jobRetentionHours: 168 });
  });

  it('derives secure cookies from an https public URL, and drops a trailing slash', () => {
    const c = loadConfig({ TOCSIN_PUBLIC_URL: 'https://tocsin.example.com/' });
    expect(c.publicUrl).toBe('https://tocsin.example.com');
    expect(c.cookieSecure).toBe(true);
  });

  it.each([
    [{ TOCSIN_DATABASE_URL: 'mysql://x' }, 'TOCSIN_DATABASE_URL'],
    [{ TOCSIN_PORT: 'eighty' }, 'TOCSIN_PORT'],
    [{ TOCSIN_PORT: '70000' }, 'TOCSIN_PORT'],
    [{ TOCSIN_PUBLIC_URL: 'not a url' }, 'TOCSIN_PUBLIC_URL'],
    [{ TOCSIN_LOG_LEVEL: 'loud' }, 'TOCSIN_LOG_LEVEL'],
    [{ TOCSIN_COOKIE_SECURE: 'maybe' }, 'TOCSIN_COOKIE_SECURE'],
    [{ TOCSIN_BODY_LIMIT_BYTES: '10' }, 'TOCSIN_BODY_LIMIT_BYTES'],
    [{ TOCSIN_TRUST_PROXY: '2' }, 'TOCSIN_TRUST_PROXY'],
    [{ TOCSIN_JOB_RETENTION_HOURS: '0' }, 'TOCSIN_JOB_RETENTION_HOURS'],
    [{ TOCSIN_JOB_RETENTION_HOURS: 'a week' }, 'TOCSIN_JOB_RETENTION_HOURS'],
    [{ TOCSIN_DB_QUERY_TIMEOUT_MS: '5' }, 'TOCSIN_DB_QUERY_TIMEOUT_MS'],
    [{ TOCSIN_DB_CONNECT_TIMEOUT_MS: 'soon' }, 'TOCSIN_DB_CONNECT_TIMEOUT_MS'],
    [{ TOCSIN_DB_POOL_SIZE: '0' }, 'TOCSIN_DB_POOL_SIZE'],
    [{ TOCSIN_SEND_JOURNAL: 'a\0b' }, 'TOCSIN_SEND_JOURNAL'],
    [{ TOCSIN_WATCHDOG_URL: 'hc-ping.com/abc' }, 'TOCSIN_WATCHDOG_URL'],
    [{ TOCSIN_WATCHDOG_URL: 'ftp://hc-ping.com/abc' }, 'TOCSIN_WATCHDOG_URL'],
    [{ TOCSIN_WATCHDOG_URL: 'https://hc-ping.com/a', TOCSIN_WATCHDOG_FAIL_URL: 'mailto:ops@example.com' }, 'TOCSIN_WATCHDOG_FAIL_URL'],
    [{ TOCSIN_WATCHDOG_FAIL_URL: 'https://hc-ping.com/a/fail' }, 'TOCSIN_WATCHDOG_URL'],
    [{ TOCSIN_WATCHDOG_URL: 'https://hc-ping.com/a', TOCSIN_WATCHDOG_INTERVAL_SECONDS: '5' }, 'TOCSIN_WATCHDOG_INTERVAL_SECONDS'],
  ])('names the bad variable in %o', (env, name) => {
    expect(fieldOf(env)).toBe(name);
  });

  it('accepts PostgreSQL URLs in both spellings', () => {
    expect(fieldOf({ TOCSIN_DATABASE_URL: 'postgres://u@h/db' })).toBeUndefined();
    expect(fieldOf({ TOCSIN_DATABASE_URL: 'postgresql://u@h/db' })).toBeUndefined();
  });

  it('keeps the send journal beside a SQLite file, in the temporary directory for PostgreSQL, none in memory', () => {
    expect(loadConfig({}).sendJournalPath).toBe('./data/tocsin.db-sent.log');
    expect(loadConfig({ TOCSIN_DATABASE_URL: 'sqlite:///var/lib/tocsin/t.db' }).sendJournalPath).toBe('/var/lib/tocsin/t.db-sent.log');
    expect(loadConfig({ TOCSIN_DATABASE_URL: 'sqlite::memory:' }).sendJournalPath).toBeNull();
    const pg = loadConfig({ TOCSIN_DATABASE_URL: 'postgres://u@h/db' }).sendJournalPath;
    expect(pg).toMatch(new RegExp(`^${tmpdir()}/tocsin-sent-[0-9a-f]{16}\\.log$`));
    expect(loadConfig({ TOCSIN_DATABASE_URL: 'postgres://u@h/other' }).sendJournalPath).not.toBe(pg);
    expect(loadConfig({ TOCSIN_DATABASE_URL: 'postgres://u@h/db', TOCSIN_SEND_JOURNAL: '/var/lib/tocsin/sent.log' }).sendJournalPath).toBe('/var/lib/tocsin/sent.log');
    expect(loadConfig({ TOCSIN_SEND_JOURNAL: 'off' }).sendJournalPath).toBeNull();
  });

  it('sets up the watchdog only with its URL; placeholders are allowed in it', () => {
    expect(loadConfig({}).watchdog).toBeNull();
    expect(loadConfig({ TOCSIN_WATCHDOG_URL: ' https://hc-ping.com/abc ' }).watchdog).toEqual({ url: 'https://hc-ping.com/abc', failUrl: null, intervalMs: 60_000 });
    const kuma = 'https://kuma.example/api/push/Tk?status={status}&msg={message}';
    expect(loadConfig({ TOCSIN_WATCHDOG_URL: kuma, TOCSIN_WATCHDOG_INTERVAL_SECONDS: '30' }).watchdog).toEqual({ url: kuma, failUrl: null, intervalMs: 30_000 });
  });
});
