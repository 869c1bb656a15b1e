import type { Kernel } from '../../core/module.js';
import { smsConfig } from '../providers/sms-router-config.js';
import { createSmsRouter } from '../providers/sms-router.js';
import { registerSmsReplyRoute, registerSmsStatusRoute, SMS_REPLY_PATH, SMS_STATUS_PATH } from '../sms-replies.js';
import type { ChannelPlugin } from './types.js';
import { unconfiguredProvider } from './unconfigured.js';

const HOW_TO = 'set TOCSIN_TWILIO_*, TOCSIN_VONAGE_* or TOCSIN_SMS_GATEWAY_URL (docs/notify-sms.md)';

/** Twilio reports delivery only to a URL it can reach: ours when the operator set TOCSIN_PUBLIC_URL. */
function statusCallback(kernel: Kernel): string | undefined {
  return kernel.config.env.TOCSIN_PUBLIC_URL ? `${kernel.config.publicUrl}${SMS_STATUS_PATH}` : undefined;
}

/**
 * SMS through Twilio, Vonage or any HTTP gateway, with per-country routes and failover
 * (providers/sms-router.ts); replies "ACK 4821" come back through Twilio's inbound webhook.
 */
export const smsChannel: ChannelPlugin = {
  channel: 'sms',
  providers: (kernel) => {
    const config = smsConfig(kernel.config.env, { statusCallback: statusCallback(kernel), clock: kernel.clock });
    return [config ? createSmsRouter(config) : unconfiguredProvider('sms', HOW_TO)];
  },
  configured: (kernel) => smsConfig(kernel.config.env) !== null,
  // Twilio's callbacks carry no credentials of ours: each handler checks X-Twilio-Signature.
  public: [
    { prefix: SMS_REPLY_PATH, auth: 'none', register: (app, kernel) => registerSmsReplyRoute(app, kernel) },
    { prefix: SMS_STATUS_PATH, auth: 'none', register: registerSmsStatusRoute },
  ],
};
