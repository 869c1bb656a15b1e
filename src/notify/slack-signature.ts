import { createHmac } from 'node:crypto';
import { sameSecret } from '../core/secrets.js';

// Slack's request signature (https://api.slack.com/authentication/verifying-requests-from-slack):
// X-Slack-Signature = 'v0=' + hex HMAC-SHA256(signing secret, `v0:${timestamp}:${raw body}`),
// with X-Slack-Request-Timestamp in Unix seconds. Pure: the caller passes `now`.

/** Slack's advice: refuse a request older (or newer) than five minutes, so a captured one cannot be replayed later. */
export const SLACK_TOLERANCE_S = 300;

export function slackSignature(secret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`, 'utf8').digest('hex')}`;
}

export type SlackVerdict = 'ok' | 'missing' | 'stale' | 'forged';

/** Whether this request came from Slack, now; anything but `ok` is answered 401 and changes nothing. */
export function verifySlackRequest(
  secret: string,
  headers: { signature?: string | string[]; timestamp?: string | string[] },
  rawBody: string,
  nowMs: number,
): SlackVerdict {
  const { signature, timestamp } = headers;
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || !signature || !/^\d{1,12}$/.test(timestamp)) return 'missing';
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SLACK_TOLERANCE_S) return 'stale';
  return sameSecret(signature, slackSignature(secret, timestamp, rawBody)) ? 'ok' : 'forged';
}
