import { describe, expect, it } from 'vitest';
import { assess, checksStalledSince, planPing, summary, type Readings } from './model.js';

const NOW = Date.UTC(2026, 11, 3, 3, 0);
const calm: Readings = { overdueJobs: { count: 0, oldestDueAt: null }, waitingMessages: [], channelFailures: [], monitors: { active: 0, shortestIntervalS: null, activeSince: null, lastResultAt: null } };

describe('assess: can Tocsin page now?', () => {
  it('is healthy when nothing is late and no provider channel fails as a whole', () => {
    expect(assess(calm, NOW)).toEqual({ healthy: true, reasons: [] });
    // A few failures (a wrong number, a full mailbox) are a person's, not the provider's.
    expect(assess({ ...calm, channelFailures: [{ channel: 'sms', failed: 2, sent: 0, lastError: 'invalid number' }] }, NOW).healthy).toBe(true);
    expect(assess({ ...calm, channelFailures: [{ channel: 'email', failed: 9, sent: 1, lastError: 'mailbox full' }] }, NOW).healthy).toBe(true);
  });

  it('names each problem, with how late and how many', () => {
    const h = assess(
      {
        overdueJobs: { count: 3, oldestDueAt: NOW - 7 * 60_000 },
        waitingMessages: [
          { channel: 'sms', count: 10, oldestDueAt: NOW - 4 * 60_000 },
          { channel: 'email', count: 2, oldestDueAt: NOW - 9 * 60_000 },
        ],
        channelFailures: [{ channel: 'email', failed: 4, sent: 0, lastError: 'connect ECONNREFUSED\n 127.0.0.1:25' }],
        monitors: { active: 3, shortestIntervalS: 60, activeSince: NOW - 86_400_000, lastResultAt: NOW - 31 * 60_000 },
      },
      NOW,
    );
    expect(h.healthy).toBe(false);
    expect(h.reasons).toEqual([
      '3 background jobs are overdue (the oldest by 7 minutes): escalations and reminders may not be running',
      '12 messages have waited over 2 minutes to leave (sms 10, email 2; the oldest 9 minutes): pages are not going out',
      'No monitor has been checked for 31 minutes (3 monitors are active): outages are not being detected (are monitor checks off on every instance?)',
      'Every email of the last 15 minutes failed (4 of 4); the last said: connect ECONNREFUSED 127.0.0.1:25',
    ]);
    expect(summary(h)).toBe('3 background jobs are overdue (the oldest by 7 minutes): escalations and reminders may not be running (and 3 other problems)');
  });

  it('says the database did not answer when the readings could not be made', () => {
    expect(assess({ error: 'connect ECONNREFUSED 127.0.0.1:5432' }, NOW)).toEqual({ healthy: false, reasons: ['The database did not answer: connect ECONNREFUSED 127.0.0.1:5432'] });
  });

  it('speaks in the singular for one', () => {
    const h = assess({ ...calm, overdueJobs: { count: 1, oldestDueAt: NOW - 61_000 }, waitingMessages: [{ channel: 'voice', count: 1, oldestDueAt: NOW - 150_000 }] }, NOW);
    expect(h.reasons[0]).toMatch(/^1 background job is overdue \(the oldest by 1 minute\)/);
    expect(h.reasons[1]).toMatch(/^1 message has waited over 2 minutes/);
  });
});

describe('checksStalledSince: are monitor checks made at all?', () => {
  const m = { active: 2, shortestIntervalS: 30, activeSince: NOW - 3_600_000, lastResultAt: NOW - 150_000 };
  it('waits three of the shortest interval and a minute before calling it a stop', () => {
    expect(checksStalledSince(m, NOW)).toBeNull(); // 150 s: within 3 × 30 s + 60 s = 150 s
    expect(checksStalledSince({ ...m, lastResultAt: NOW - 150_001 }, NOW)).toBe(NOW - 150_001);
  });
  it('counts from the first monitor when none was ever checked, and not at all without active monitors', () => {
    expect(checksStalledSince({ ...m, lastResultAt: null }, NOW)).toBe(NOW - 3_600_000);
    expect(checksStalledSince({ ...m, lastResultAt: null, activeSince: NOW - 60_000 }, NOW)).toBeNull();
    expect(checksStalledSince({ active: 0, shortestIntervalS: null, activeSince: null, lastResultAt: NOW - 86_400_000 }, NOW)).toBeNull();
  });
});

describe('planPing: what the heartbeat service is told', () => {
  const sick = assess({ ...calm, overdueJobs: { count: 2, oldestDueAt: NOW - 120_000 } }, NOW);
  it('pings the URL while healthy, and posts the reasons to the failure URL when not', () => {
    const urls = { url: 'https://hc-ping.com/0f1e', failUrl: 'https://hc-ping.com/0f1e/fail' };
    expect(planPing(assess(calm, NOW), urls)).toEqual({ method: 'GET', url: 'https://hc-ping.com/0f1e', body: null });
    expect(planPing(sick, urls)).toEqual({ method: 'POST', url: 'https://hc-ping.com/0f1e/fail', body: `${sick.reasons[0]}\n` });
  });
  it('sends nothing when unhealthy without a failure URL: the missing ping is the alarm', () => {
    expect(planPing(sick, { url: 'https://hc-ping.com/0f1e', failUrl: null })).toBeNull();
  });
  it('fills {status} and {message} in a URL that asks for them, healthy or not', () => {
    const url = 'https://kuma.example/api/push/Tk?status={status}&msg={message}';
    expect(planPing(assess(calm, NOW), { url, failUrl: null })).toEqual({ method: 'GET', url: 'https://kuma.example/api/push/Tk?status=up&msg=Tocsin%20is%20healthy', body: null });
    const down = planPing(sick, { url, failUrl: null })!;
    expect(down.url).toMatch(/^https:\/\/kuma\.example\/api\/push\/Tk\?status=down&msg=2%20background%20jobs%20are%20overdue/);
    expect(decodeURIComponent(new URL(down.url).searchParams.get('msg')!)).toBe(sick.reasons[0]);
  });
});
