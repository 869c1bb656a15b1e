import type { PageActionKind, PageActionResult } from './actions.js';
import { SLACK_ACTION_IDS, slackEscape } from './providers/slack.js';

// What a Slack button press says and what Tocsin answers, as plain data
// (https://api.slack.com/reference/interaction-payloads/block-actions). Pure.

export type RedeemRefusal = { error: 'unknown' | 'expired' | 'used' };

/** The part of a block_actions payload Tocsin reads. */
export interface SlackInteraction {
  type: string;
  user?: { id?: string; username?: string; name?: string };
  actions?: { action_id?: string; value?: string }[];
  response_url?: string;
  message?: { blocks?: unknown[] };
}

/** The form field `payload` of an interaction request, or null when it is not one. */
export function parseInteraction(rawBody: string): SlackInteraction | null {
  const field = new URLSearchParams(rawBody).get('payload');
  if (!field) return null;
  try {
    const v: unknown = JSON.parse(field);
    return v && typeof v === 'object' && typeof (v as SlackInteraction).type === 'string' ? (v as SlackInteraction) : null;
  } catch {
    return null;
  }
}

/** The acknowledge or resolve button pressed, with its action token; null for any other action (the "Open incident" link). */
export function pressedAction(p: SlackInteraction): { action: PageActionKind; token: string } | null {
  if (p.type !== 'block_actions') return null;
  for (const a of p.actions ?? []) {
    if (typeof a.value !== 'string' || !a.value) continue;
    if (a.action_id === SLACK_ACTION_IDS.acknowledge) return { action: 'acknowledge', token: a.value };
    if (a.action_id === SLACK_ACTION_IDS.resolve) return { action: 'resolve', token: a.value };
  }
  return null;
}

/** Who pressed, for people: Slack's display name, else the user name, else the id. */
export const presserOf = (p: SlackInteraction): string => p.user?.name || p.user?.username || p.user?.id || 'someone';

const ACTIONS: readonly PageActionKind[] = ['acknowledge', 'resolve'];
const PAST: Record<PageActionKind, string> = { acknowledge: 'Acknowledged', resolve: 'Resolved' };
/** What a chat button that cannot act says to the person who pressed it. */
export const REFUSED: Record<RedeemRefusal['error'], string> = {
  unknown: 'This button is not valid here (unknown action). Open the incident in Tocsin instead.',
  expired: 'This button has expired. Open the incident in Tocsin to act on it.',
  used: 'This button was already used. Open the incident in Tocsin to see where it stands.',
};

/**
 * The message to post to `response_url`: on success the original message again, minus the
 * buttons that no longer apply, plus a line saying who did what; a refusal goes only to the
 * person who pressed (ephemeral) and leaves the page as it was.
 */
export function slackAnswer(p: SlackInteraction, action: PageActionKind, result: PageActionResult | RedeemRefusal): Record<string, unknown> {
  if ('error' in result) return { response_type: 'ephemeral', replace_original: false, text: REFUSED[result.error] };
  const line = pressedLine(action, slackEscape(presserOf(p)), 'Slack', result);
  const left = buttonsLeft(result.incident.status);
  const gone = new Set<string>(ACTIONS.filter((a) => !left.includes(a)).map((a) => SLACK_ACTION_IDS[a]));
  const blocks = (Array.isArray(p.message?.blocks) ? p.message.blocks : []).flatMap((b) => withoutButtons(b, gone));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: line }] });
  return { replace_original: true, text: line, blocks };
}

/** The line a chat message gains when someone pressed one of its buttons. */
export function pressedLine(action: PageActionKind, who: string, product: string, result: PageActionResult): string {
  const inc = result.incident;
  return result.outcome === 'done' ? `${PAST[action]} by ${who} from ${product}: incident #${inc.number} is now ${inc.status}.` : `Already ${inc.status}: nothing changed (pressed by ${who}).`;
}

/** The buttons that still mean something for an incident in this state. */
export function buttonsLeft(status: string): PageActionKind[] {
  if (['acknowledged', 'mitigated'].includes(status)) return ['resolve'];
  if (['resolved', 'closed'].includes(status)) return [];
  return ['acknowledge', 'resolve'];
}

/** A block with the given buttons removed (an actions block left empty disappears). */
function withoutButtons(block: unknown, gone: Set<string>): unknown[] {
  const b = block as { type?: string; elements?: { action_id?: string }[] };
  if (b?.type !== 'actions' || !Array.isArray(b.elements)) return [block];
  const elements = b.elements.filter((e) => !gone.has(e.action_id ?? ''));
  return elements.length ? [{ ...b, elements }] : [];
}
