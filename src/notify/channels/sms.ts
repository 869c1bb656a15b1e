import type { Kernel } from '../../core/module.js';
import { smsConfig } from '../providers/sms-router-config.js';
import { createSmsRouter } from '../providers/sms-router.js';
import { GATEWAY_REPLY_PATH, GATEWAY_STATUS_PATH, registerGatewayReplyRoute, registerGatewayStatusRoute } from '../sms-replies-gateway.js';
import { registerVonageSmsReplyRoute, registerVonageSmsStatusRoute, VONAGE_SMS_REPLY_PATH, VONAGE_SMS_STATUS_PATH } from '../sms-replies-vonage.js';
import { registerSmsReplyRoute, registerSmsStatusRoute, SMS_REPLY_PATH, SMS_STATUS_PATH } from '../sms-replies.js';
import { smsSetup } from './sms-setup.js';
import type { ChannelPlugin } from './types.js';
import { unconfiguredProvider } from './unconfigured.js';

const HOW_TO = 'set TOCSIN_TWILIO_*, TOCSIN_VONAGE_* or TOCSIN_SMS_GATEWAY_URL (docs/notify-sms.md)';

/** Providers report delivery only to a URL they can reach: ours when the operator set TOCSIN_PUBLIC_URL. */
function statusCallbacks(kernel: Kernel): { twilio?: string; vonage?: string } {
  if (!kernel.config.env.TOCSIN_PUBLIC_URL) return {};
  return { twilio: `${kernel.config.publicUrl}${SMS_STATUS_PATH}`, vonage: `${kernel.config.publicUrl}${VONAGE_SMS_STATUS_PATH}` };
}

/**
 * SMS through Twilio, Vonage or any HTTP gateway, with per-country routes and failover
 * (providers/sms-router.ts); replies "ACK 4821" come back through Twilio's, Vonage's or the gateway's inbound webhook.
 */
export const smsChannel: ChannelPlugin = {
  channel: 'sms',
  providers: (kernel) => {
    const config = smsConfig(kernel.config.env, { statusCallbacks: statusCallbacks(kernel), clock: kernel.clock });
    return [config ? createSmsRouter(config) : unconfiguredProvider('sms', HOW_TO)];
  },
  configured: (kernel) => smsConfig(kernel.config.env) !== null,
  setup: smsSetup,
  // The providers' callbacks carry no credentials of ours: each handler checks the provider's
  // signature (X-Twilio-Signature, Vonage's sig) or the gateway's token.
  public: [
    { prefix: SMS_REPLY_PATH, auth: 'none', register: (app, kernel) => registerSmsReplyRoute(app, kernel) },
    { prefix: SMS_STATUS_PATH, auth: 'none', register: registerSmsStatusRoute },
    { prefix: VONAGE_SMS_REPLY_PATH, auth: 'none', register: (app, kernel) => registerVonageSmsReplyRoute(app, kernel) },
    { prefix: VONAGE_SMS_STATUS_PATH, auth: 'none', register: registerVonageSmsStatusRoute },
    { prefix: GATEWAY_REPLY_PATH, auth: 'none', register: (app, kernel) => registerGatewayReplyRoute(app, kernel) },
    { prefix: GATEWAY_STATUS_PATH, auth: 'none', register: registerGatewayStatusRoute },
  ],
};
