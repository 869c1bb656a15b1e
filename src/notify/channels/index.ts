import { chatChannel } from './chat.js';
import { emailChannel } from './email.js';
import { pushChannel } from './push.js';
import { smsChannel } from './sms.js';
import { voiceChannel } from './voice.js';
import type { ChannelPlugin } from './types.js';

/** Every channel pages can go out on, one file each. */
export const CHANNELS: readonly ChannelPlugin[] = [emailChannel, smsChannel, voiceChannel, pushChannel, chatChannel];
export type { ChannelPlugin } from './types.js';
