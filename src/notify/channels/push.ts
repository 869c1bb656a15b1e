import type { ChannelPlugin } from './types.js';
import { unconfiguredProvider } from './unconfigured.js';

/** Not built yet: every push send fails permanently, so pages fall through to the next method. */
export const pushChannel: ChannelPlugin = {
  channel: 'push',
  providers: () => [unconfiguredProvider('push', 'this channel is not built yet')],
  configured: () => false,
};
