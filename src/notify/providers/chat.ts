import { systemClock, type Clock } from '../../core/clock.js';
import { classifyStatus, parseRetryAfter, ProviderError, type OutboxMessage, type Provider } from '../../core/outbox/index.js';
import type { ChannelPayload, PageContent } from '../content.js';
import { CHAT_FORMATS, isChatFormat, type ChatFormat, type RenderOptions } from './chat-content.js';
import { chatUrlProblem } from './chat-urls.js';
import { DISCORD_DEAD_WEBHOOK, discordUrl, renderDiscord } from './discord.js';
import { googleChatUrl, renderGoogleChat } from './google-chat.js';
import { renderMattermost } from './mattermost.js';
import { renderSlack, SLACK_DEAD_WEBHOOK } from './slack.js';
import { renderTeams } from './teams.js';
import { postJson, type PostAnswer } from './post-json.js';

export interface ChatProviderOptions {
  concurrency?: number;
  ratePerSecond?: number;
  /** Per request, connection included; default 10 s. */
  timeoutMs?: number;
  /** A Slack app answers buttons here (TOCSIN_SLACK_SIGNING_SECRET is set). */
  interactive?: boolean;
  /** Post to any host, not only each product's own (TOCSIN_CHAT_ANY_HOST; tests). */
  anyHost?: boolean;
  /** For Retry-After given as a date. */
  clock?: Clock;
}

/** What goes on the wire for one message: where, and the JSON body. */
export interface ChatRequest {
  url: string;
  body: Record<string, unknown>;
}

/** Each product's documented incoming-webhook format, one renderer per file. */
export function renderChat(format: ChatFormat, webhookUrl: string, content: PageContent, opts: RenderOptions = {}): ChatRequest {
  switch (format) {
    case 'slack':
      return { url: webhookUrl, body: renderSlack(content, opts) };
    case 'teams':
      return { url: webhookUrl, body: renderTeams(content) };
    case 'discord':
      return { url: discordUrl(webhookUrl), body: renderDiscord(content) };
    case 'mattermost':
      return { url: webhookUrl, body: renderMattermost(content) };
    case 'google_chat':
      return { url: googleChatUrl(webhookUrl, Boolean(content.incident)), body: renderGoogleChat(content) };
  }
}

/**
 * The `chat` channel: posts a page, test page or notice to an incoming webhook (`to`) in the
 * format `details.format` names. 2xx is sent; 408, 429 (Retry-After, or Discord's retry_after)
 * and 5xx are transient; other 4xx, 3xx (redirects are not followed) and a webhook the product
 * says is dead are permanent, so the person's next method is tried.
 */
export function createChatProvider(opts: ChatProviderOptions = {}): Provider<ChannelPayload> {
  const clock = opts.clock ?? systemClock;
  return {
    channel: 'chat',
    concurrency: opts.concurrency ?? 8,
    ratePerSecond: opts.ratePerSecond,
    timeoutMs: opts.timeoutMs ?? 10_000,
    send: async (message: OutboxMessage<ChannelPayload>, { signal }) => {
      const { to, details, content } = message.payload;
      const format = details?.format;
      if (!isChatFormat(format)) throw new ProviderError(`chat: details.format must be one of ${CHAT_FORMATS.join(', ')}, got ${JSON.stringify(format)}`, 'permanent');
      const problem = chatUrlProblem(format, to, opts.anyHost);
      if (problem) throw new ProviderError(`${format}: the webhook URL ${problem}`, 'permanent');
      const req = renderChat(format, to, content, { interactive: opts.interactive });
      const res = await postJson(req.url, JSON.stringify(req.body), { 'content-type': 'application/json', 'user-agent': 'tocsin-chat' }, signal);
      if (classifyStatus(res.status) === 'ok') return { providerRef: providerRefOf(format, res), responseCode: res.status };
      throw chatError(format, res.status, res.text, parseRetryAfter(res.header('retry-after') ?? null, clock.now().getTime()));
    },
  };
}

function json(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Discord (?wait=true) answers the message and Google Chat its name; a Teams workflow names its run. */
function providerRefOf(format: ChatFormat, res: PostAnswer): string | undefined {
  if (format === 'discord') return stringOf(json(res.text)?.id);
  if (format === 'google_chat') return stringOf(json(res.text)?.name);
  if (format === 'teams') return res.header('x-ms-workflow-run-id');
  return undefined;
}

const stringOf = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** A refusal in words an operator can act on, classified for the outbox. */
export function chatError(format: ChatFormat, status: number, text: string, retryAfterMs?: number): ProviderError {
  const body = json(text);
  let kind = classifyStatus(status) as 'permanent' | 'transient';
  let reason = text.trim();
  if (format === 'slack' && SLACK_DEAD_WEBHOOK[reason]) {
    kind = 'permanent';
    reason = `${reason}: ${SLACK_DEAD_WEBHOOK[reason]}`;
  } else if (format === 'discord' && body) {
    const code = typeof body.code === 'number' ? body.code : undefined;
    if (code !== undefined && DISCORD_DEAD_WEBHOOK[code]) {
      kind = 'permanent';
      reason = DISCORD_DEAD_WEBHOOK[code];
    } else if (typeof body.message === 'string') reason = body.message;
    // Discord also says how long in the body, in seconds with a fraction; the longer wait wins.
    if (typeof body.retry_after === 'number') retryAfterMs = Math.max(retryAfterMs ?? 0, Math.ceil(body.retry_after * 1000));
  }
  const detail = reason.length > 200 ? `${reason.slice(0, 200)}…` : reason;
  return new ProviderError(`${format}: HTTP ${status}${detail ? `: ${detail}` : ''}`, kind, status, retryAfterMs);
}
