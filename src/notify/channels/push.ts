import { Type } from 'typebox';
import type { App, Kernel } from '../../core/module.js';
import { deletePushSubscription, findVapidKeys, insertVapidKeysIfAbsent } from '../push-store.js';
import { createPushProvider } from '../providers/push.js';
import { generateVapidKeys, parseStoredKeys, vapidSettings, type VapidDetails } from '../providers/push-vapid.js';
import type { ChannelPlugin } from './types.js';

// One identity per running Tocsin: the keys are read (or made) once, on first use.
const identities = new WeakMap<Kernel, Promise<VapidDetails>>();

/**
 * The VAPID identity: the configured pair, or the one kept in the database, made at first use.
 * Subscriptions are bound to the public key, so a key that changed at each restart would
 * silently break every device; hence the database, shared by every instance.
 */
export function vapidIdentity(kernel: Kernel): Promise<VapidDetails> {
  let identity = identities.get(kernel);
  if (!identity) {
    identity = loadIdentity(kernel);
    identities.set(kernel, identity);
    identity.catch(() => identities.delete(kernel)); // a database hiccup is retried next time
  }
  return identity;
}

async function loadIdentity(kernel: Kernel): Promise<VapidDetails> {
  const { subject, keys } = vapidSettings(kernel.config.env, kernel.config.publicUrl);
  if (keys) return { subject, ...keys };
  const q = kernel.db.kysely;
  if (!(await findVapidKeys(q))) await insertVapidKeysIfAbsent(q, JSON.stringify(generateVapidKeys()));
  const stored = parseStoredKeys(await findVapidKeys(q));
  if (!stored) throw new Error('the settings row push_vapid_keys is not a VAPID key pair: delete it to make a new one (every device then subscribes again)');
  return { subject, ...stored };
}

function pushRoutes(api: App, kernel: Kernel): void {
  api.get(
    '/push/vapid-public-key',
    {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['push'],
        summary: "The server's VAPID public key: the applicationServerKey a browser subscribes to push with",
        response: { 200: Type.Object({ public_key: Type.String({ description: 'URL-safe base64, no padding (65 bytes, uncompressed P-256 point)' }) }) },
      },
    },
    async () => ({ public_key: (await vapidIdentity(kernel)).publicKey }),
  );
}

/**
 * Web Push (VAPID) to the installed web app, no relay: always configured, since the keys make
 * themselves. The settings are checked when the providers are built, so a bad variable stops the
 * start with its name.
 */
export const pushChannel: ChannelPlugin = {
  channel: 'push',
  providers: (kernel) => {
    vapidSettings(kernel.config.env, kernel.config.publicUrl);
    return [
      createPushProvider({
        vapid: () => vapidIdentity(kernel),
        onGone: (id) => deletePushSubscription(kernel.db.kysely, id),
        onGoneError: (err, id) => kernel.log.error({ err, contactMethodId: id }, 'push: removing an expired subscription failed'),
        allowHttp: kernel.config.env.TOCSIN_PUSH_ALLOW_HTTP === 'true',
        clock: kernel.clock,
      }),
    ];
  },
  configured: () => true,
  setup: (kernel) => {
    const v = vapidSettings(kernel.config.env, kernel.config.publicUrl);
    // Browsers count localhost as secure; any other http address gets no push.
    const secure = /^(https:|http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$))/.test(kernel.config.publicUrl);
    return {
      providers: [`Web Push from the browsers’ own push services, VAPID subject ${v.subject}, keys ${v.keys ? 'from TOCSIN_VAPID_*' : 'made and kept in the database'}`],
      routes: [],
      callbacks: [],
      notes: secure ? [] : ['Browsers offer push only to a page served over https (or from localhost): set TOCSIN_PUBLIC_URL to the https address people open Tocsin at'],
    };
  },
  api: pushRoutes,
};
