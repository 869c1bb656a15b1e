import type { ChatFormat } from './chat-content.js';

// Which URLs a chat contact method may post to. The URL is typed in by a person, so without a
// check a chat contact method could make Tocsin POST to anything on its network (SSRF). Each
// product's incoming webhooks live on known hosts; Mattermost is self-hosted, so any host.

interface Rule {
  hosts: readonly string[];
  /** Host suffixes (a leading dot), for products with regional hosts. */
  suffixes?: readonly string[];
  path?: RegExp;
  allowHttp?: boolean;
}

const RULES: Record<ChatFormat, Rule | null> = {
  slack: { hosts: ['hooks.slack.com', 'hooks.slack-gov.com'], path: /^\/(services|triggers|workflows)\// },
  discord: { hosts: ['discord.com', 'discordapp.com', 'ptb.discord.com', 'canary.discord.com'], path: /^\/api\/(v\d+\/)?webhooks\/\d+\/[^/]+/ },
  teams: { hosts: [], suffixes: ['.logic.azure.com', '.powerplatform.com', '.webhook.office.com'] },
  google_chat: { hosts: ['chat.googleapis.com'], path: /^\/v1\/spaces\/[^/]+\/messages/ },
  mattermost: null,
};

/**
 * Why this URL cannot be the format's incoming webhook, or null when it can. `anyHost` (the
 * operator's TOCSIN_CHAT_ANY_HOST, and tests) lifts the host and path rules, not the scheme.
 */
export function chatUrlProblem(format: ChatFormat, raw: string, anyHost = false): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  const rule = RULES[format];
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (anyHost || !rule || rule.allowHttp))) return 'must be an https URL';
  if (url.username || url.password) return 'must not carry a user name or password';
  if (anyHost || !rule) return null;
  const host = url.hostname.toLowerCase();
  const known = rule.hosts.includes(host) || (rule.suffixes ?? []).some((s) => host.endsWith(s));
  if (!known) return `is not a ${format} incoming-webhook host (expected ${[...rule.hosts, ...(rule.suffixes ?? []).map((s) => `*${s}`)].join(', ')})`;
  if (rule.path && !rule.path.test(url.pathname)) return `is not a ${format} incoming-webhook path`;
  return null;
}
