import type { ChannelPlugin } from './types.js';
import { unconfiguredProvider } from './unconfigured.js';

/** Not built yet: every sms send fails permanently, so pages fall through to the next method. */
export const smsChannel: ChannelPlugin = {
  channel: 'sms',
  providers: () => [unconfiguredProvider('sms', 'this channel is not built yet')],
  configured: () => false,
};
