import { redeemActionToken } from '../links.js';
import { createChatProvider } from '../providers/chat.js';
import { chatSettings } from '../providers/chat-settings.js';
import { slackInteractionRoutes, type RedeemActionToken } from '../slack-interactions.js';
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
    public: redeem ? [slackInteractionRoutes(redeem)] : [],
  };
}

/** Slack's buttons act through the same single-use links as email and push. */
export const chatChannel: ChannelPlugin = createChatChannel(redeemActionToken);
