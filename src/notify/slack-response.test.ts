import { describe, expect, it } from 'vitest';
import type { IncidentJson } from '../incidents/model.js';
import { PAGE } from '../../test/support/chat-fixtures.js';
import { renderSlack } from './providers/slack.js';
import { parseInteraction, pressedAction, slackAnswer, type SlackInteraction } from './slack-response.js';

const press = (action_id: string, value = 'tok'): SlackInteraction => ({
  type: 'block_actions',
  user: { id: 'U1', username: 'ana' },
  actions: [{ action_id, value }],
  message: renderSlack(PAGE, { interactive: true }) as { blocks: unknown[] },
});
const incident = (status: string) => ({ number: 42, status }) as IncidentJson;
const buttons = (m: Record<string, unknown>) =>
  (m.blocks as { type: string; elements?: { action_id: string }[] }[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements!.map((e) => e.action_id));

describe('Slack interaction payloads', () => {
  it('reads the form field payload; anything else is not an interaction', () => {
    expect(parseInteraction(new URLSearchParams({ payload: '{"type":"block_actions"}' }).toString())).toEqual({ type: 'block_actions' });
    expect(parseInteraction('payload=not-json')).toBeNull();
    expect(parseInteraction('payload=%5B%5D')).toBeNull();
    expect(parseInteraction('')).toBeNull();
  });

  it('knows the acknowledge and resolve buttons only, and only with a token', () => {
    expect(pressedAction(press('tocsin_ack'))).toEqual({ action: 'acknowledge', token: 'tok' });
    expect(pressedAction(press('tocsin_resolve'))).toEqual({ action: 'resolve', token: 'tok' });
    expect(pressedAction(press('tocsin_open'))).toBeNull();
    expect(pressedAction(press('tocsin_ack', ''))).toBeNull();
    expect(pressedAction({ ...press('tocsin_ack'), type: 'view_submission' })).toBeNull();
  });

  it('after a resolve no acknowledge or resolve button is left; the link stays', () => {
    const m = slackAnswer(press('tocsin_resolve'), 'resolve', { outcome: 'done', incident: incident('resolved') });
    expect(buttons(m)).toEqual(['tocsin_open']);
    expect(m.text).toBe('Resolved by ana from Slack: incident #42 is now resolved.');
  });

  it('a second acknowledgement says it was already done and changes nothing', () => {
    const m = slackAnswer(press('tocsin_ack'), 'acknowledge', { outcome: 'already', incident: incident('acknowledged') });
    expect(m.text).toBe('Already acknowledged: nothing changed (pressed by ana).');
    expect(buttons(m)).toEqual(['tocsin_resolve', 'tocsin_open']);
  });

  it.each(['unknown', 'expired', 'used'] as const)('a %s token is told only to the presser', (error) => {
    expect(slackAnswer(press('tocsin_ack'), 'acknowledge', { error })).toMatchObject({ response_type: 'ephemeral', replace_original: false });
  });
});
