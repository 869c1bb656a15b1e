import type { PageContent } from '../content.js';
import { actionLinks, bodyText, clip, incidentFacts, tokenOf, type ActionLink, type RenderOptions } from './chat-content.js';

// Slack incoming webhook, Block Kit (https://api.slack.com/messaging/webhooks,
// https://api.slack.com/reference/block-kit/blocks): `text` is the notification's fallback,
// `blocks` what people see. Buttons whose action_id is tocsin_ack / tocsin_resolve carry the
// action token as their value; src/notify/slack-interactions.ts redeems it.

export const SLACK_ACTION_IDS = { acknowledge: 'tocsin_ack', resolve: 'tocsin_resolve' } as const;

/** Slack's mrkdwn treats &, < and > as markup (links, @channel): a title must not mention anyone. */
export const slackEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderSlack(content: PageContent, opts: RenderOptions = {}): Record<string, unknown> {
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(content.subject, 150), emoji: false } },
    { type: 'section', text: { type: 'mrkdwn', text: clip(slackEscape(bodyText(content)), 3000) } },
  ];
  const facts = incidentFacts(content);
  if (facts.length) blocks.push({ type: 'section', fields: facts.map((f) => ({ type: 'mrkdwn', text: `*${f.label}*\n${slackEscape(f.value)}` })) });
  const buttons = actionLinks(content)
    .filter((l) => l.action === 'open' || content.kind === 'page')
    .map((l) => slackButton(l, opts.interactive === true));
  if (buttons.length) blocks.push({ type: 'actions', block_id: 'tocsin_actions', elements: buttons });
  return { text: content.subject, blocks };
}

/**
 * With a Slack app (interactive), acknowledge and resolve are buttons Slack posts back to
 * Tocsin; without one they open the signed link in a browser instead, so they work either way.
 */
function slackButton(link: ActionLink, interactive: boolean): Record<string, unknown> {
  const text = { type: 'plain_text', text: link.label };
  if (link.action === 'open') return { type: 'button', action_id: 'tocsin_open', text, url: link.url };
  const style = link.action === 'acknowledge' ? { style: 'primary' } : {};
  const token = tokenOf(link.url);
  if (interactive && token) return { type: 'button', action_id: SLACK_ACTION_IDS[link.action], text, value: token, ...style };
  return { type: 'button', action_id: `${SLACK_ACTION_IDS[link.action]}_link`, text, url: link.url, ...style };
}

/**
 * Slack answers a bad incoming webhook with a plain-text reason: these say the URL itself is
 * dead (the app was removed, the channel archived), which no retry fixes.
 */
export const SLACK_DEAD_WEBHOOK: Record<string, string> = {
  no_service: 'the webhook was disabled or removed: create a new incoming webhook URL',
  invalid_token: 'the webhook URL token is invalid: create a new incoming webhook URL',
  no_team: 'the Slack workspace no longer exists or the app was removed from it',
  team_disabled: 'the Slack workspace is disabled',
  channel_not_found: 'the channel of this webhook no longer exists',
  channel_is_archived: 'the channel of this webhook is archived',
  action_prohibited: 'a Slack admin restricts posting to this channel',
  posting_to_general_channel_denied: 'only admins may post to this channel',
};
