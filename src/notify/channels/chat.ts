import { redeemActionToken } from '../links.js';
import { mattermostActionRoutes } from '../mattermost-actions.js';
import { MATTERMOST_ACTIONS_PATH } from '../providers/mattermost.js';
import { createChatProvider } from '../providers/chat.js';
import { chatSettings } from '../providers/chat-settings.js';
import { SLACK_INTERACTIONS_PATH, slackInteractionRoutes, type RedeemActionToken } from '../slack-interactions.js';
import { callback, LINKS_TO_LOCALHOST, NO_PUBLIC_URL, publicUrlSet } from './setup.js';
import type { ChannelPlugin } from './types.js';

/**
 * Chat: Slack, Microsoft Teams, Discord, Mattermost and Google Chat incoming webhooks. Needs no
 * account (the webhook URL is the contact method), so it is always configured. With `redeem`
 * (src/notify/links.ts's redeemActionToken) and TOCSIN_SLACK_SIGNING_SECRET, Slack's buttons
 * act on the incident through POST /notify/slack/interactions.
 */
export function createChatChannel(redeem: RedeemActionToken | null): ChannelPlugin {
  return {
    channel: 'chat',
    providers: (kernel) => {
      const s = chatSettings(kernel.config.env);
      return [createChatProvider({ timeoutMs: s.timeoutMs, concurrency: s.concurrency, anyHost: s.anyHost, interactive: Boolean(s.slackSigningSecret && redeem), clock: kernel.clock })];
    },
    configured: () => true,
    setup: (kernel) => {
      const slack = Boolean(chatSettings(kernel.config.env).slackSigningSecret && redeem);
      return {
        providers: ['incoming webhooks of Slack, Microsoft Teams, Discord, Mattermost and Google Chat (each person’s chat method holds its URL)'],
        routes: [],
        callbacks: [
          ...(slack ? [callback(kernel, 'slack', 'the Slack app’s Interactivity request URL: its buttons acknowledge and resolve in place', SLACK_INTERACTIONS_PATH)] : []),
          // Nothing to paste: each Mattermost button names it. The Mattermost server must reach it.
          ...(redeem ? [callback(kernel, 'mattermost', 'where Mattermost’s server posts a press of a page’s buttons (nothing to paste; it must reach this URL, and a private address needs AllowedUntrustedInternalConnections)', MATTERMOST_ACTIONS_PATH)] : []),
        ],
        notes: [
          ...(slack ? [] : ['Slack’s buttons open the acknowledge and resolve links in a browser: set TOCSIN_SLACK_SIGNING_SECRET (a Slack app’s signing secret) for buttons that act in place']),
          ...(publicUrlSet(kernel) ? [] : [slack ? NO_PUBLIC_URL : LINKS_TO_LOCALHOST]),
        ],
      };
    },
    public: redeem ? [slackInteractionRoutes(redeem), mattermostActionRoutes(redeem)] : [],
  };
}

/** Slack's buttons act through the same single-use links as email and push. */
export const chatChannel: ChannelPlugin = createChatChannel(redeemActionToken);
