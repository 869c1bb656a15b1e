import type { Kernel } from '../../core/module.js';
export { hostOf } from '../../core/urls.js';
import type { NumberRoute } from '../providers/number-routes.js';
import type { ProviderCallback } from './types.js';

// Pieces the channels' setups share: where providers call back, and what an unset public URL
// means for them.

/** A path of ours as the provider must be told it: under TOCSIN_PUBLIC_URL. */
export function callback(kernel: Kernel, provider: string, purpose: string, path: string): ProviderCallback {
  return { provider, purpose, url: `${kernel.config.publicUrl}${path}` };
}

/** Whether the operator said where providers reach Tocsin (the default, localhost, they cannot). */
export const publicUrlSet = (kernel: Kernel): boolean => Boolean(kernel.config.env.TOCSIN_PUBLIC_URL?.trim());

export const NO_PUBLIC_URL = 'TOCSIN_PUBLIC_URL is not set, so providers cannot call Tocsin back (its URLs here say localhost): set it to the address they reach Tocsin at';

/** Email, chat: what the page carries are links to Tocsin. */
export const LINKS_TO_LOCALHOST = 'TOCSIN_PUBLIC_URL is not set: the acknowledge and resolve links in pages point at localhost';

/** `+44 → vonage` for each route. */
export const routeLines = (routes: readonly NumberRoute[]): string[] => routes.map((r) => `${r.prefix} → ${r.provider}`);
