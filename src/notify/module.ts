import type { DomainModule } from '../core/module.js';
import { CHANNELS } from './channels/index.js';
import { contactsCli } from './contacts/cli.js';
import { contactRoutes } from './contacts/routes.js';
import { createWebhookProvider } from './providers/webhook.js';

/**
 * Notifications: the channels the outbox delivers through (email, SMS, voice, push, chat, the
 * outbound webhook), each configured from TOCSIN_* variables, and the routes providers call back.
 */
export const notifyModule: DomainModule = {
  name: 'notify',
  api: (api, kernel) => contactRoutes(api, kernel),
  cli: contactsCli,
  providers: (kernel) => [createWebhookProvider({ clock: kernel.clock }), ...CHANNELS.flatMap((c) => c.providers(kernel))],
  public: CHANNELS.flatMap((c) => c.public ?? []),
};
