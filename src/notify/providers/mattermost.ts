import type { PageContent } from '../content.js';
import { actionLinks, bodyText, colorOf, hexColor, incidentFacts } from './chat-content.js';

// Mattermost incoming webhook (https://developers.mattermost.com/integrate/webhooks/incoming/):
// `text` (Markdown) plus Slack-compatible message attachments
// (https://developers.mattermost.com/integrate/reference/message-attachments/). Buttons there
// need an integration URL per action, so acknowledge and resolve are the signed links.

/** Mattermost's Markdown: text from an alert must not format, link or mention (@channel). */
export const mattermostEscape = (s: string): string => s.replace(/([\\*_~`|[\]<>#@])/g, '\\$1');

export function renderMattermost(content: PageContent): Record<string, unknown> {
  const links = actionLinks(content).filter((l) => l.action === 'open' || content.kind === 'page');
  const linkLine = links.map((l) => `[${l.label}](${l.url})`).join(' · ');
  const attachment: Record<string, unknown> = {
    fallback: content.subject,
    color: hexColor(colorOf(content)),
    title: content.subject,
    text: mattermostEscape(bodyText(content)) + (linkLine ? `\n\n${linkLine}` : ''),
  };
  const open = links.find((l) => l.action === 'open');
  if (open) attachment.title_link = open.url;
  const facts = incidentFacts(content);
  if (facts.length) attachment.fields = facts.map((f) => ({ short: true, title: f.label, value: f.value }));
  return { text: `**${mattermostEscape(content.subject)}**`, attachments: [attachment] };
}
