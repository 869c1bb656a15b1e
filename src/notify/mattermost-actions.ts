import { Type } from 'typebox';
import { ValidationError } from '../core/errors.js';
import type { App, Kernel, PublicRoutes } from '../core/module.js';
import type { PageActionKind, PageActionResult } from './actions.js';
import { MATTERMOST_ACTIONS_PATH, mattermostButtons, mattermostEscape, type MattermostContext } from './providers/mattermost.js';
import { buttonsLeft, pressedLine, REFUSED, type RedeemRefusal } from './slack-response.js';
import { redeemOrRefuse, type RedeemActionToken } from './slack-interactions.js';

// A press of a page's Acknowledge or Resolve button in Mattermost: Mattermost's server posts
// { user_name, context, ... } here (https://developers.mattermost.com/integrate/plugins/interactive-messages/).
// Mattermost signs nothing: the action token in the context is the credential, single-use and
// expiring as in the signed link. The answer redraws the post with the buttons that are left
// and a line saying who did what; a button that cannot act answers only its presser.

const BODY_LIMIT = 64 * 1024;
const ACTIONS: readonly PageActionKind[] = ['acknowledge', 'resolve'];

interface Press {
  user_name?: unknown;
  context?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The context Tocsin gave the button, or null when this is not one of its presses. */
export function contextOf(body: unknown): MattermostContext | null {
  const c = isObject(body) ? (body as Press).context : undefined;
  if (!isObject(c)) return null;
  const { action, token, tokens, url, post } = c;
  if (typeof action !== 'string' || !ACTIONS.includes(action as PageActionKind)) return null;
  if (typeof token !== 'string' || !token || token.length > 200 || typeof url !== 'string') return null;
  if (!isObject(tokens) || !isObject(post) || typeof post.text !== 'string' || !isObject(post.attachment)) return null;
  const kept: MattermostContext['tokens'] = {};
  for (const a of ACTIONS) if (typeof tokens[a] === 'string') kept[a] = tokens[a] as string;
  return { action: action as PageActionKind, token, tokens: kept, url, post: { text: post.text, attachment: post.attachment } };
}

/** Mattermost's integration response: the post redrawn, or a word to the presser alone. */
export function mattermostAnswer(c: MattermostContext, presser: string, result: PageActionResult | RedeemRefusal): Record<string, unknown> {
  if ('error' in result) return { ephemeral_text: REFUSED[result.error] };
  const line = pressedLine(c.action, mattermostEscape(presser), 'Mattermost', result);
  const buttons = mattermostButtons(buttonsLeft(result.incident.status), { tokens: c.tokens, url: c.url, post: c.post });
  const attachment = { ...c.post.attachment, text: `${String(c.post.attachment.text ?? '')}\n\n${line}`, ...(buttons.length ? { actions: buttons } : {}) };
  return { update: { message: c.post.text, props: { attachments: [attachment] } } };
}

export function mattermostActionRoutes(redeem: RedeemActionToken): PublicRoutes {
  // 'none': the action token in the body is the credential.
  return { prefix: '/notify/mattermost', auth: 'none', register: (app, kernel) => registerMattermostActions(app, kernel, redeem) };
}

function registerMattermostActions(app: App, kernel: Kernel, redeem: RedeemActionToken): void {
  app.post(
    MATTERMOST_ACTIONS_PATH,
    {
      bodyLimit: BODY_LIMIT,
      config: { public: true },
      schema: {
        tags: ['notify'],
        summary: 'Mattermost message buttons: Acknowledge and Resolve on a page posted to Mattermost',
        description: 'Posted by the Mattermost server when someone presses a button: `{ user_name, context }`, the context as Tocsin gave the button (its single-use action token included).',
        problems: [400],
        body: Type.Unknown({ description: 'Mattermost’s integration request (JSON)' }),
        response: { 200: Type.Object({ update: Type.Optional(Type.Unknown()), ephemeral_text: Type.Optional(Type.String()) }, { description: 'Mattermost’s integration response' }) },
      },
    },
    async (req) => {
      const c = contextOf(req.body);
      if (!c) throw new ValidationError('The body is not a press of a Tocsin button (context with action and token)', 'context');
      const presser = typeof (req.body as Press).user_name === 'string' && (req.body as Press).user_name ? String((req.body as Press).user_name) : 'someone';
      const result = await redeemOrRefuse(redeem, kernel, c.token);
      req.log.info({ presser, action: c.action, result: 'error' in result ? result.error : result.outcome }, 'Mattermost button');
      return mattermostAnswer(c, presser, result);
    },
  );
}
