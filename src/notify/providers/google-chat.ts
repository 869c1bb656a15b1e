import type { PageContent } from '../content.js';
import { actionLinks, bodyText, incidentFacts } from './chat-content.js';

// Google Chat incoming webhook (https://developers.google.com/workspace/chat/quickstart/webhooks):
// `text` for the notification and a cardsV2 card
// (https://developers.google.com/workspace/chat/api/reference/rest/v1/cards). Messages of one
// incident share a thread (thread.threadKey with messageReplyOption
// REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD), so a space with many incidents stays readable.

/** Card text is a small HTML subset: text from an alert must not become markup. */
export const htmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderGoogleChat(content: PageContent): Record<string, unknown> {
  const widgets: Record<string, unknown>[] = [{ textParagraph: { text: htmlEscape(bodyText(content)) } }];
  for (const f of incidentFacts(content)) widgets.push({ decoratedText: { topLabel: f.label, text: htmlEscape(f.value) } });
  const links = actionLinks(content).filter((l) => l.action === 'open' || content.kind === 'page');
  if (links.length) widgets.push({ buttonList: { buttons: links.map((l) => ({ text: l.label, onClick: { openLink: { url: l.url } } })) } });
  const inc = content.incident;
  const card = {
    cardId: content.pageId ?? inc?.id ?? content.kind,
    card: { header: { title: content.subject, ...(inc ? { subtitle: inc.services.join(', ') || `#${inc.number}` } : {}) }, sections: [{ widgets }] },
  };
  return { text: content.subject, cardsV2: [card], ...(inc ? { thread: { threadKey: `tocsin-${inc.id}` } } : {}) };
}

/** The URL Tocsin posts to: replies go into the incident's thread, or start it. */
export function googleChatUrl(webhookUrl: string, threaded: boolean): string {
  if (!threaded) return webhookUrl;
  const url = new URL(webhookUrl);
  url.searchParams.set('messageReplyOption', 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD');
  return url.toString();
}
