import type { DomainModule } from '../core/module.js';
import { channelSetupRoutes } from './channel-setup-routes.js';
import { CHANNELS } from './channels/index.js';
import { contactRoutes } from './contacts/routes.js';
import { createWebhookProvider } from './providers/webhook.js';

/**
 * Notifications: the channels the outbox delivers through (email, SMS, voice, push, chat, the
 * outbound webhook), each configured from TOCSIN_* variables, and the routes providers call back.
 */
export const notifyModule: DomainModule = {
  name: 'notify',
  providers: (kernel) => [createWebhookProvider({ clock: kernel.clock, secret: kernel.config.env.TOCSIN_WEBHOOK_SECRET?.trim() || undefined }), ...CHANNELS.flatMap((c) => c.providers(kernel))],
  api: (api, kernel) => {
    contactRoutes(api, kernel);
    channelSetupRoutes(api, kernel);
    for (const c of CHANNELS) c.api?.(api, kernel);
  },
  public: CHANNELS.flatMap((c) => c.public ?? []),
  workers: (kernel) => CHANNELS.flatMap((c) => c.workers?.(kernel) ?? []),
};
