import type { PageContent } from '../content.js';
import { actionLinks, bodyText, clip, colorOf, incidentFacts } from './chat-content.js';

// Discord execute-webhook (https://discord.com/developers/docs/resources/webhook#execute-webhook):
// `content` plus one embed. Mentions are switched off (`allowed_mentions.parse: []`) so a title
// saying @everyone pings nobody. Webhooks cannot carry buttons that call back, so acknowledge and
// resolve are masked links in the embed. Sent with ?wait=true: the answer is the message, whose
// id is the provider ref.

/** Discord's markdown: text from an alert must not format or make links (mentions are off anyway). */
export const discordEscape = (s: string): string => s.replace(/([\\*_~`|[\]])/g, '\\$1');

export function renderDiscord(content: PageContent): Record<string, unknown> {
  const links = actionLinks(content).filter((l) => l.action === 'open' || content.kind === 'page');
  const linkLine = links.filter((l) => l.action !== 'open').map((l) => `[${l.label}](${l.url})`).join(' · ');
  const description = clip(discordEscape(bodyText(content)), 3800) + (linkLine ? `\n\n${linkLine}` : '');
  const embed: Record<string, unknown> = { title: clip(content.subject, 256), description, color: colorOf(content) };
  const open = links.find((l) => l.action === 'open');
  if (open) embed.url = open.url;
  const facts = incidentFacts(content);
  if (facts.length) embed.fields = facts.map((f) => ({ name: f.label, value: clip(f.value, 1024), inline: true }));
  return { content: clip(content.subject, 2000), embeds: [embed], allowed_mentions: { parse: [] } };
}

/** The URL Tocsin posts to: the webhook's, asking Discord to answer with the message. */
export function discordUrl(webhookUrl: string): string {
  const url = new URL(webhookUrl);
  url.searchParams.set('wait', 'true');
  return url.toString();
}

/**
 * Discord's error codes that say the webhook itself is gone or wrong
 * (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json).
 */
export const DISCORD_DEAD_WEBHOOK: Record<number, string> = {
  10015: 'Unknown Webhook: the webhook was deleted; create a new one',
  50027: 'Invalid Webhook Token: the URL is wrong; copy it again from the channel settings',
};
