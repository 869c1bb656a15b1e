import { Type } from 'typebox';
import { AppError, NotFoundError, UnauthorizedError, ValidationError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { App, Kernel, PublicRoutes } from '../core/module.js';
import type { PageActionResult } from './actions.js';
import { chatSettings, type ChatSettings } from './providers/chat-settings.js';
import { parseInteraction, pressedAction, presserOf, slackAnswer, type RedeemRefusal } from './slack-response.js';
import { verifySlackRequest } from './slack-signature.js';

// Slack's interactivity Request URL: a button press on a page posted to Slack acknowledges or
// resolves the incident. Only requests signed with the app's signing secret count; anything
// else is 401 and changes nothing.

/** Redeems a signed action token (src/notify/links.ts); passed in so tests can use a fake. */
export type RedeemActionToken = (kernel: Kernel, token: string, via: string) => Promise<PageActionResult | RedeemRefusal>;

export const SLACK_INTERACTIONS_PATH = '/notify/slack/interactions';
const BODY_LIMIT = 64 * 1024;
const RESPONSE_TIMEOUT_MS = 5_000;

/** The public route, once the main session hands it the real redeem function. */
export function slackInteractionRoutes(redeem: RedeemActionToken): PublicRoutes {
  // 'none': the handler authenticates the request itself, by Slack's signature.
  return { prefix: '/notify/slack', auth: 'none', register: (app, kernel) => registerSlackInteractions(app, kernel, redeem) };
}

export function registerSlackInteractions(app: App, kernel: Kernel, redeem: RedeemActionToken): void {
  const settings = chatSettings(kernel.config.env);
  void app.register(async (scope) => {
    // The signature covers the raw body, so it is kept as sent and parsed here (form-encoded `payload=`).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));
    scope.post(
      SLACK_INTERACTIONS_PATH,
      {
        bodyLimit: BODY_LIMIT,
        config: { public: true },
        schema: {
          tags: ['notify'],
          summary: 'Slack interactivity Request URL: the Acknowledge and Resolve buttons of a page posted to Slack',
          description: 'Signed by Slack (X-Slack-Signature, X-Slack-Request-Timestamp within 5 minutes); the body is form-encoded `payload=<JSON>`. The answer to the person goes to the payload’s response_url.',
          problems: [401, 404],
          body: Type.Unknown({ description: 'application/x-www-form-urlencoded: payload=<block_actions JSON>' }),
          response: { 200: { description: 'Handled (the message is updated through response_url)', type: 'null' } },
        },
      },
      async (req, reply) => {
        const secret = settings.slackSigningSecret;
        if (!secret) throw new NotFoundError('Slack interactivity (set TOCSIN_SLACK_SIGNING_SECRET)');
        const raw = typeof req.body === 'string' ? req.body : '';
        const headers = { signature: req.headers['x-slack-signature'], timestamp: req.headers['x-slack-request-timestamp'] };
        const verdict = verifySlackRequest(secret, headers, raw, kernel.clock.now().getTime());
        if (verdict !== 'ok') {
          req.log.warn({ verdict }, 'Slack interaction refused: bad signature');
          throw new UnauthorizedError(`The Slack request signature is ${verdict === 'stale' ? 'too old (replayed?)' : verdict}`);
        }
        const payload = parseInteraction(raw);
        if (!payload) throw new ValidationError('The body is not a Slack interaction (payload=<JSON>)', 'payload');
        const pressed = pressedAction(payload);
        if (!pressed) return reply.code(200).send(); // another action (the "Open incident" link): nothing to do
        const result = await redeemOrRefuse(redeem, kernel, pressed.token);
        req.log.info({ slackUser: payload.user?.id, presser: presserOf(payload), action: pressed.action, result: 'error' in result ? result.error : result.outcome }, 'Slack button');
        if (payload.response_url) postAnswer(payload.response_url, slackAnswer(payload, pressed.action, result), settings, req.log);
        return reply.code(200).send();
      },
    );
  });
}

/** A refusal of the action itself (a viewer's token, a deactivated person) is told to the presser, not thrown at Slack. */
export async function redeemOrRefuse(redeem: RedeemActionToken, kernel: Kernel, token: string): Promise<PageActionResult | RedeemRefusal> {
  try {
    return await redeem(kernel, token, 'chat');
  } catch (err) {
    if (err instanceof AppError && err.status < 500) return { error: 'unknown' };
    throw err;
  }
}

/** Slack's response_url; the request was signed by Slack, and Slack's hosts are still required unless the operator lifts it. */
function postAnswer(responseUrl: string, message: Record<string, unknown>, settings: ChatSettings, log: Logger): void {
  let url: URL;
  try {
    url = new URL(responseUrl);
  } catch {
    return log.warn({ responseUrl }, 'Slack response_url is not a URL');
  }
  const slackHost = url.protocol === 'https:' && /(^|\.)slack(-gov)?\.com$/.test(url.hostname);
  if (!slackHost && !settings.anyHost) return log.warn({ host: url.hostname }, 'Slack response_url is not on a Slack host; not posted');
  void fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message), redirect: 'manual', signal: AbortSignal.timeout(RESPONSE_TIMEOUT_MS) })
    .then(async (res) => {
      const text = await res.text().catch(() => '');
      if (!res.ok) log.warn({ status: res.status, body: text.slice(0, 200) }, 'Slack response_url refused the update');
    })
    .catch((err: unknown) => log.warn({ err }, 'Slack response_url could not be reached'));
}
