// Pure rules of the watchdog: whether this Tocsin can page people right now, from a few readings
// of its own tables, and what to tell the operator's heartbeat service about it. No I/O, no clock.

/** A background job pending this long past its due time: the engine is not keeping up, or not running. */
export const JOB_GRACE_MS = 60_000;
/** A message that should have left this long ago and has not: the outbox is not sending. */
export const MESSAGE_GRACE_MS = 2 * 60_000;
/** Failures of a whole channel are looked for over this window. */
export const FAILURE_WINDOW_MS = 15 * 60_000;
/** At least this many failures in the window, and no success, is a channel that is down. */
export const FAILURES_FOR_DOWN = 3;
/**
 * Channels whose every message goes through the operator's one provider account: all failing
 * means the account (credentials, credit, the SMTP server) is down, not one person's address.
 * Chat, push and webhooks go to each recipient's own URL: failures there are the recipient's.
 */
export const PROVIDER_CHANNELS = ['email', 'sms', 'voice'] as const;

export interface Readings {
  overdueJobs: { count: number; oldestDueAt: number | null };
  /** Messages due before the grace that have not left, by channel. */
  waitingMessages: { channel: string; count: number; oldestDueAt: number }[];
  /** Provider channels with failures in the window: how many failed, how many went out. */
  channelFailures: { channel: string; failed: number; sent: number; lastError: string | null }[];
  /** Whether monitor checks are made at all: active monitors, and the newest result of any. */
  monitors: { active: number; shortestIntervalS: number | null; activeSince: number | null; lastResultAt: number | null };
}

export interface Health {
  healthy: boolean;
  /** Why not, one sentence each, most serious first; empty when healthy. */
  reasons: string[];
}

const CHANNEL_WORDS: Record<string, string> = { email: 'email', sms: 'SMS', voice: 'call' };

export const minutes = (ms: number): string => {
  const m = Math.max(1, Math.round(ms / 60_000));
  return m === 1 ? '1 minute' : `${m} minutes`;
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Since when no check has been made, when that is longer than three of the shortest interval and
 * a minute (a slow round is not a stop); null while checks are being made or none is due.
 */
export function checksStalledSince(m: Readings['monitors'], now: number): number | null {
  if (m.active === 0 || m.shortestIntervalS === null || m.activeSince === null) return null;
  const since = Math.max(m.lastResultAt ?? m.activeSince, m.activeSince);
  return since + m.shortestIntervalS * 3_000 + 60_000 < now ? since : null;
}

/** Whether Tocsin can page now, from its readings (or the database's failure to give them). */
export function assess(readings: Readings | { error: string }, now: number): Health {
  if ('error' in readings) return { healthy: false, reasons: [`The database did not answer: ${readings.error}`] };
  const reasons: string[] = [];
  const { overdueJobs, waitingMessages, channelFailures } = readings;
  if (overdueJobs.count > 0) {
    const late = overdueJobs.oldestDueAt === null ? '' : ` (the oldest by ${minutes(now - overdueJobs.oldestDueAt)})`;
    reasons.push(`${plural(overdueJobs.count, 'background job is', 'background jobs are')} overdue${late}: escalations and reminders may not be running`);
  }
  const waiting = waitingMessages.filter((w) => w.count > 0);
  if (waiting.length > 0) {
    const total = waiting.reduce((n, w) => n + w.count, 0);
    const oldest = Math.min(...waiting.map((w) => w.oldestDueAt));
    const each = waiting.map((w) => `${w.channel} ${w.count}`).join(', ');
    reasons.push(`${plural(total, 'message has', 'messages have')} waited over ${minutes(MESSAGE_GRACE_MS)} to leave (${each}; the oldest ${minutes(now - oldest)}): pages are not going out`);
  }
  const stalled = checksStalledSince(readings.monitors, now);
  if (stalled !== null) {
    reasons.push(`No monitor has been checked for ${minutes(now - stalled)} (${plural(readings.monitors.active, 'monitor is', 'monitors are')} active): outages are not being detected (are monitor checks off on every instance?)`);
  }
  for (const f of channelFailures) {
    if (f.failed < FAILURES_FOR_DOWN || f.sent > 0) continue;
    const word = CHANNEL_WORDS[f.channel] ?? f.channel;
    const why = f.lastError ? `; the last said: ${oneLine(f.lastError, 160)}` : '';
    reasons.push(`Every ${word} of the last ${minutes(FAILURE_WINDOW_MS)} failed (${f.failed} of ${f.failed})${why}`);
  }
  return { healthy: reasons.length === 0, reasons };
}

/** Text cut to one line of at most `max` characters. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** What the heartbeat service is told: one line for a URL, the whole report for a body. */
export function summary(h: Health): string {
  if (h.healthy) return 'Tocsin is healthy';
  return h.reasons.length === 1 ? h.reasons[0]! : `${h.reasons[0]!} (and ${plural(h.reasons.length - 1, 'other problem', 'other problems')})`;
}

export interface PingPlan {
  method: 'GET' | 'POST';
  url: string;
  body: string | null;
}

/**
 * Where the check's outcome goes. Healthy: the ping URL. Not healthy: the failure URL with the
 * report as its body (Healthchecks.io, Better Stack and Dead Man's Snitch log it); with a URL
 * that says `{status}` (Uptime Kuma's push URL, Cronitor's), that one URL carries both. No
 * failure URL: nothing, and the missing ping is the alarm.
 */
export function planPing(h: Health, urls: { url: string; failUrl: string | null }): PingPlan | null {
  const templated = urls.url.includes('{status}');
  const fill = (u: string) => u.replaceAll('{status}', h.healthy ? 'up' : 'down').replaceAll('{message}', encodeURIComponent(oneLine(summary(h), 200)));
  if (h.healthy || templated) return { method: 'GET', url: fill(urls.url), body: null };
  if (!urls.failUrl) return null;
  return { method: 'POST', url: fill(urls.failUrl), body: `${h.reasons.join('\n')}\n` };
}
