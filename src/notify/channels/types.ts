import type { App, BackgroundWorker, Kernel, PublicRoutes } from '../../core/module.js';
import type { Provider } from '../../core/outbox/index.js';
import type { ChannelName } from '../content.js';

/**
 * One channel: its providers (built from the configuration in `kernel.config.env`, refusing a bad
 * variable with a ValidationError that names it) and the public routes its provider calls back
 * (SMS replies, voice key presses, Slack buttons). A channel that is not configured still gives a
 * provider: one that fails every send permanently saying what to configure, so a page is never
 * left waiting in silence and the person's next method is tried.
 */
export interface ChannelPlugin {
  channel: ChannelName | 'webhook';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each provider owns its payload's shape
  providers(kernel: Kernel): Provider<any>[];
  /** Whether a send on this channel can succeed here (readiness shows it). */
  configured(kernel: Kernel): boolean;
  public?: PublicRoutes[];
  /** Routes under /api/v1 the channel's users call (push: the VAPID public key). */
  api?(api: App, kernel: Kernel): void;
  /** Long-running parts with the server (voice: Asterisk's event stream for the calls in progress). */
  workers?(kernel: Kernel): BackgroundWorker[];
}
