import type { ChannelPlugin } from './types.js';
import { unconfiguredProvider } from './unconfigured.js';

/** Not built yet: every voice send fails permanently, so pages fall through to the next method. */
export const voiceChannel: ChannelPlugin = {
  channel: 'voice',
  providers: () => [unconfiguredProvider('voice', 'this channel is not built yet')],
  configured: () => false,
};
