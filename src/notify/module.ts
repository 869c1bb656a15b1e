import type { DomainModule } from '../core/module.js';
import { createWebhookProvider } from './providers/webhook.js';

/**
 * Notifications: the channels the outbox delivers through. Today the outbound webhook; email,
 * SMS, voice, push and chat join here as providers in ./providers (paging uses them).
 */
export const notifyModule: DomainModule = {
  name: 'notify',
  providers: (kernel) => [createWebhookProvider({ clock: kernel.clock })],
};
