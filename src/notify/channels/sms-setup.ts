import type { Kernel } from '../../core/module.js';
import { gatewaySettings, smsConfig, vonageSettings } from '../providers/sms-router-config.js';
import { GATEWAY_REPLY_PATH, GATEWAY_STATUS_PATH } from '../sms-replies-gateway.js';
import { VONAGE_SMS_REPLY_PATH } from '../sms-replies-vonage.js';
import { SMS_REPLY_PATH } from '../sms-replies.js';
import { twilioSettings } from '../twilio-settings.js';
import { callback, hostOf, NO_PUBLIC_URL, publicUrlSet, routeLines } from './setup.js';
import type { ChannelSetup, ProviderCallback } from './types.js';

const HOW_TO = 'set TOCSIN_TWILIO_*, TOCSIN_VONAGE_* or TOCSIN_SMS_GATEWAY_URL (docs/notify-sms.md)';

/** The SMS providers in failover order, the URLs each one's dashboard needs for replies, and what is missing. */
export function smsSetup(kernel: Kernel): ChannelSetup {
  const env = kernel.config.env;
  const config = smsConfig(env);
  if (!config) return { providers: [], routes: [], callbacks: [], notes: [HOW_TO] };
  const names = config.senders.map((s) => s.name);
  const twilio = names.includes('twilio') ? twilioSettings(env) : null;
  const vonage = names.includes('vonage') ? vonageSettings(env) : null;
  const gateway = names.includes('gateway') ? gatewaySettings(env) : null;
  const describe: Record<string, string> = {
    twilio: `twilio, from ${twilio?.from}`,
    vonage: `vonage, from ${vonage?.from}`,
    gateway: `gateway, ${gateway?.method} ${hostOf(gateway?.url ?? '')}`,
  };
  const callbacks: ProviderCallback[] = [];
  const notes: string[] = [];
  if (twilio) callbacks.push(callback(kernel, 'twilio', 'the sending number’s “A message comes in” webhook (HTTP POST): replies', SMS_REPLY_PATH));
  if (vonage?.signatureSecret) callbacks.push(callback(kernel, 'vonage', 'the number’s inbound webhook URL (GET, POST or POST-JSON): replies', VONAGE_SMS_REPLY_PATH));
  else if (vonage) notes.push('Vonage: replies and delivery receipts are refused until TOCSIN_VONAGE_SIGNATURE_SECRET is set (and Vonage support signs the account’s webhooks), so its pages do not ask for a reply');
  if (gateway?.inbound) callbacks.push(callback(kernel, 'gateway', 'where the gateway sends what it receives, with the token as a bearer or ?token=: replies', GATEWAY_REPLY_PATH));
  if (gateway?.inbound?.status) callbacks.push(callback(kernel, 'gateway', 'where the gateway sends its delivery reports, with the same token', GATEWAY_STATUS_PATH));
  else if (gateway?.inbound) notes.push('The gateway reports no deliveries to Tocsin: an SMS it took but could not send stays “sent”. Set TOCSIN_SMS_GATEWAY_STATUS_* if it can report them');
  else if (gateway) notes.push('The gateway’s pages do not ask for a reply: set TOCSIN_SMS_GATEWAY_INBOUND_TOKEN if it can pass on what it receives');
  if (!publicUrlSet(kernel)) notes.push(`${NO_PUBLIC_URL}; without it no delivery reports arrive`);
  return { providers: names.map((n) => describe[n]!), testable: names, routes: routeLines(config.routes), callbacks, notes };
}
