import type { ChannelPlugin } from './types.js';
import { unconfiguredProvider } from './unconfigured.js';

/** Not built yet: every chat send fails permanently, so pages fall through to the next method. */
export const chatChannel: ChannelPlugin = {
  channel: 'chat',
  providers: () => [unconfiguredProvider('chat', 'this channel is not built yet')],
  configured: () => false,
};
