import type { PageActionKind } from '../actions.js';
import type { PageContent } from '../content.js';
import { actionLinks, bodyText, colorOf, hexColor, incidentFacts, tokenOf } from './chat-content.js';

// Mattermost incoming webhook (https://developers.mattermost.com/integrate/webhooks/incoming/):
// `text` (Markdown) plus Slack-compatible message attachments
// (https://developers.mattermost.com/integrate/reference/message-attachments/). A page's
// acknowledge and resolve are message buttons: Mattermost posts a press to the button's
// integration URL with the context given here (src/notify/mattermost-actions.ts answers it).
// Mattermost keeps that context on its server; the action token in it is the credential, as in
// the signed link, which the message also carries for a Mattermost that cannot reach Tocsin.

export const MATTERMOST_ACTIONS_PATH = '/notify/mattermost/actions';
/** Letters only: Mattermost mishandles action ids with dashes or underscores. */
export const MATTERMOST_ACTION_IDS: Record<PageActionKind, string> = { acknowledge: 'tocsinack', resolve: 'tocsinresolve' };
const LABELS: Record<PageActionKind, string> = { acknowledge: 'Acknowledge', resolve: 'Resolve' };

/** Mattermost's Markdown: text from an alert must not format, link or mention (@channel). */
export const mattermostEscape = (s: string): string => s.replace(/([\\*_~`|[\]<>#@])/g, '\\$1');

/** The post as first sent, without buttons: a press's answer redraws it with the buttons left. */
export interface MattermostPost {
  text: string;
  attachment: Record<string, unknown>;
}

/** What each button's press brings back (Mattermost's `context`). */
export interface MattermostContext {
  action: PageActionKind;
  token: string;
  /** Every button's token, so that the answer can keep the ones still to press. */
  tokens: Partial<Record<PageActionKind, string>>;
  url: string;
  post: MattermostPost;
}

/** The buttons for `actions`, each carrying the whole context of the page. */
export function mattermostButtons(actions: readonly PageActionKind[], c: Omit<MattermostContext, 'action' | 'token'>): Record<string, unknown>[] {
  return actions.flatMap((action) => {
    const token = c.tokens[action];
    if (!token) return [];
    const context: MattermostContext = { ...c, action, token };
    return [{ id: MATTERMOST_ACTION_IDS[action], name: LABELS[action], type: 'button', style: action === 'acknowledge' ? 'primary' : 'default', integration: { url: c.url, context } }];
  });
}

/** Where Mattermost posts a press: beside the signed link `<public URL>/act/<token>`, so behind the same public URL. */
function actionsUrlBeside(linkUrl: string): string | null {
  const at = linkUrl.lastIndexOf('/act/');
  return at < 0 ? null : `${linkUrl.slice(0, at)}${MATTERMOST_ACTIONS_PATH}`;
}

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
  const text = `**${mattermostEscape(content.subject)}**`;
  const tokens: Partial<Record<PageActionKind, string>> = {};
  let url: string | null = null;
  for (const l of links) {
    if (l.action === 'open') continue;
    tokens[l.action] = tokenOf(l.url);
    url ??= actionsUrlBeside(l.url);
  }
  const buttons = url ? mattermostButtons(['acknowledge', 'resolve'], { tokens, url, post: { text, attachment: { ...attachment } } }) : [];
  return { text, attachments: [buttons.length ? { ...attachment, actions: buttons } : attachment] };
}
