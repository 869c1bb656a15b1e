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
  /** What is set up, for the admins' channels page (never a secret). */
  setup(kernel: Kernel): ChannelSetup;
}

/** A URL to enter in a provider's dashboard, and what it is for there. */
export interface ProviderCallback {
  provider: string;
  /** Where it goes in the provider's dashboard, and what it brings. */
  purpose: string;
  url: string;
}

/** A channel's setup as its admins check it: who sends, what to paste where, what is missing. */
export interface ChannelSetup {
  /** Each provider in the order a page tries them, with what identifies it (a sender, a host); never a secret. */
  providers: string[];
  /** The providers' names an admin can send a test through alone (SMS, voice), in the same order. */
  testable?: string[];
  /** Number prefixes sent through a provider first (SMS, voice): `+44 → vonage`. */
  routes: string[];
  callbacks: ProviderCallback[];
  /** What does not work yet, or works less well than it could, and what to set. */
  notes: string[];
}
