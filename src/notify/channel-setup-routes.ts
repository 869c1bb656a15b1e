import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App, Kernel } from '../core/module.js';
import { CHANNELS } from './channels/index.js';
import { publicUrlSet } from './channels/setup.js';
import { CHANNEL_NAMES } from './content.js';
import { providerTestResult, testProvider } from './provider-test.js';

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
      testable: Lines('The providers a test can go through alone (POST /channels/{channel}/tests), by name, in failover order'),
      routes: Lines('Number prefixes sent through one provider first, e.g. "+44 → vonage"'),
      callbacks: Type.Array(
        Type.Object({ provider: Type.String(), purpose: Type.String({ description: 'Where it goes in the provider’s dashboard, and what it brings' }), url: Type.String() }),
        { description: 'URLs to enter in the providers’ dashboards' },
      ),
      notes: Lines('What does not work yet, or could work better, and what to set'),
    }),
  ),
});

const ProviderTest = Type.Object({
  id: Type.String({ description: 'The test, to ask how it went' }),
  channel: Type.String(),
  provider: Type.String(),
  to: Type.String({ description: 'E.164' }),
  status: Type.Enum(['pending', 'sending', 'sent', 'delivered', 'failed'], { type: 'string', description: 'pending and sending: on its way; sent or delivered: the provider took it; failed: it did not' }),
  provider_ref: Type.Union([Type.String(), Type.Null()], { description: 'The provider’s id of the message or call, prefixed with its name' }),
  error: Type.Union([Type.String(), Type.Null()], { description: 'Why it failed, in the provider’s words' }),
});

// A test reaches a phone (and costs money): a cap per credential, as for test pages (keyed by it
// since the limit runs before authentication; people behind one proxy do not share it).
const testing = {
  minRole: 'admin' as const,
  rateLimit: { max: 10, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => req.headers.authorization ?? req.headers.cookie ?? req.ip },
};

export function channelSetupRoutes(app: App, kernel: Kernel): void {
  app.post(
    '/channels/:channel/tests',
    {
      config: testing,
      schema: {
        tags: ['contacts'],
        summary: 'Send a test email, SMS or call through one provider alone, no failover, once (admins): a backup provider is otherwise tested only the night the first one fails',
        params: Type.Object({ channel: Type.String({ maxLength: 20 }) }),
        body: Type.Object({ provider: Type.String({ minLength: 1, maxLength: 40 }), to: Type.String({ minLength: 1, maxLength: 254, description: 'An email address, or a phone number in international format' }) }, { additionalProperties: false }),
        problems: [429],
        response: { 202: ProviderTest },
      },
    },
    async (req, reply) => reply.code(202).send(await testProvider(req.ctx, kernel, { channel: req.params.channel, ...req.body })),
  );
  app.get('/channels/tests/:id', { config: { minRole: 'admin' }, schema: { tags: ['contacts'], summary: 'How a provider test went (admins)', params: Type.Object({ id: Type.String({ maxLength: 100 }) }), response: { 200: ProviderTest } } }, async (req) =>
    providerTestResult(kernel, req.params.id),
  );
  app.get('/channels', { config: { minRole: 'admin' }, schema: { tags: ['contacts'], summary: 'How each notification channel is set up here: providers, the URLs their dashboards need, what is missing (admins)', response: { 200: ChannelSetupAnswer } } }, async () => ({
    public_url: kernel.config.publicUrl,
    public_url_set: publicUrlSet(kernel),
    items: CHANNELS.filter((c) => c.channel !== 'webhook').map((c) => ({ channel: c.channel as (typeof CHANNEL_NAMES)[number], configured: c.configured(kernel), testable: [], ...c.setup(kernel) })),
  }));
}
