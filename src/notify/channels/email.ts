import type { ChannelPlugin } from './types.js';
import { unconfiguredProvider } from './unconfigured.js';

/** Not built yet: every email send fails permanently, so pages fall through to the next method. */
export const emailChannel: ChannelPlugin = {
  channel: 'email',
  providers: () => [unconfiguredProvider('email', 'this channel is not built yet')],
  configured: () => false,
};
