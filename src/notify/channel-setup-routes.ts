import { Type } from 'typebox';
import type { App, Kernel } from '../core/module.js';
import { CHANNELS } from './channels/index.js';
import { publicUrlSet } from './channels/setup.js';
import { CHANNEL_NAMES } from './content.js';

// GET /api/v1/channels: how each channel is set up on this server, for the admins who set it up:
// the providers in the order a page tries them, the URLs to enter in their dashboards, and what
// is missing. Built from the TOCSIN_* settings; no secret is ever part of it.

const Lines = (description: string) => Type.Array(Type.String(), { description });

export const ChannelSetupAnswer = Type.Object({
  public_url: Type.String({ description: 'TOCSIN_PUBLIC_URL, or the localhost default when it is not set' }),
  public_url_set: Type.Boolean({ description: 'Whether TOCSIN_PUBLIC_URL is set (providers can call back only then)' }),
  items: Type.Array(
    Type.Object({
      channel: Type.Enum([...CHANNEL_NAMES], { type: 'string' }),
      configured: Type.Boolean({ description: 'A page can go out on it here' }),
      providers: Lines('Each provider in the order a page tries them, with its sender or host'),
      routes: Lines('Number prefixes sent through one provider first, e.g. "+44 → vonage"'),
      callbacks: Type.Array(
        Type.Object({ provider: Type.String(), purpose: Type.String({ description: 'Where it goes in the provider’s dashboard, and what it brings' }), url: Type.String() }),
        { description: 'URLs to enter in the providers’ dashboards' },
      ),
      notes: Lines('What does not work yet, or could work better, and what to set'),
    }),
  ),
});

export function channelSetupRoutes(app: App, kernel: Kernel): void {
  app.get('/channels', { config: { minRole: 'admin' }, schema: { tags: ['contacts'], summary: 'How each notification channel is set up here: providers, the URLs their dashboards need, what is missing (admins)', response: { 200: ChannelSetupAnswer } } }, async () => ({
    public_url: kernel.config.publicUrl,
    public_url_set: publicUrlSet(kernel),
    items: CHANNELS.filter((c) => c.channel !== 'webhook').map((c) => ({ channel: c.channel as (typeof CHANNEL_NAMES)[number], configured: c.configured(kernel), ...c.setup(kernel) })),
  }));
}
