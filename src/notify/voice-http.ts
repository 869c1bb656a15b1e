import { systemClock, type Clock } from '../core/clock.js';
import { classifyStatus, parseRetryAfter, ProviderError, type OutboxMessage, type Provider } from '../core/outbox/index.js';
import { isE164 } from './providers/number-routes.js';
import type { ChannelPayload } from './content.js';

export interface VoiceRequest {
  /** POST unless said (ARI's hangup and stop are DELETE; Vonage moves a live call with PUT). */
  method?: 'POST' | 'PUT' | 'DELETE';
  url: string;
  /** HTTP Basic (Twilio, ARI) or a bearer token (Vonage's JWT). */
  auth: { user: string; password: string } | { bearer: string };
  /** application/x-www-form-urlencoded body (Twilio); ARI takes its parameters in the query. */
  form?: URLSearchParams;
  /** A JSON body (Vonage). */
  json?: unknown;
  signal: AbortSignal;
  clock: Clock;
}

/**
 * One request (a POST unless said) to a voice provider's REST API, answering the JSON body. 2xx is
 * accepted; 408, 429 and 5xx are transient (Retry-After honoured); other 4xx and 3xx (redirects are
 * not followed: a base URL that moved is a configuration error) are permanent, with the provider's
 * own message (Twilio's `message`, ARI's `message`/`error`, Vonage's `title`/`detail`) so the
 * attempt says why.
 */
export async function callProvider(r: VoiceRequest): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = {
    authorization: 'bearer' in r.auth ? `Bearer ${r.auth.bearer}` : `Basic ${Buffer.from(`${r.auth.user}:${r.auth.password}`).toString('base64')}`,
    accept: 'application/json',
    'user-agent': 'tocsin-voice',
  };
  if (r.form) headers['content-type'] = 'application/x-www-form-urlencoded';
  if (r.json !== undefined) headers['content-type'] = 'application/json';
  const body = r.form?.toString() ?? (r.json === undefined ? undefined : JSON.stringify(r.json));
  const res = await fetch(r.url, { method: r.method ?? 'POST', headers, body, redirect: 'manual', signal: r.signal });
  // Read (and so release) the body either way; a half-read connection is not reused.
  const text = await res.text().catch(() => '');
  let json: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') json = parsed as Record<string, unknown>;
  } catch {
    // not JSON: the text itself says what went wrong
  }
  const kind = classifyStatus(res.status);
  if (kind === 'ok') return { status: res.status, json };
  const said = [json.message, json.error, json.code, json.title, json.detail].filter((x) => typeof x === 'string' || typeof x === 'number').join(' ') || text;
  const detail = said.length > 200 ? `${said.slice(0, 200)}…` : said;
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), r.clock.now().getTime());
  throw new ProviderError(`HTTP ${res.status}${detail ? `: ${detail}` : ''}`, kind, res.status, retryAfterMs);
}

export interface CallProviderOptions {
  timeoutMs?: number;
  concurrency?: number;
  clock?: Clock;
}

/** Places one call to an E.164 number; answers the provider's reference for it. */
export type PlaceCall = (message: OutboxMessage<ChannelPayload>, to: string, ctx: { signal: AbortSignal; clock: Clock }) => Promise<{ providerRef?: string; responseCode: number }>;

/**
 * The shell every voice provider shares: channel `voice`, its limits, and a number that is not
 * E.164 refused for good before any request (contact methods are checked at entry; this is the
 * last guard, and a retry cannot fix it).
 */
export function callProviderShell(opts: CallProviderOptions, place: PlaceCall): Provider<ChannelPayload> {
  const clock = opts.clock ?? systemClock;
  return {
    channel: 'voice',
    concurrency: opts.concurrency ?? 4,
    timeoutMs: opts.timeoutMs ?? 10_000,
    send: async (message, { signal }) => {
      const to = message.payload.to;
      if (!isE164(to)) throw new ProviderError(`not an E.164 phone number: ${to}`, 'permanent');
      return place(message, to, { signal, clock });
    },
  };
}
