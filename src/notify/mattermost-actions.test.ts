import { describe, expect, it } from 'vitest';
import { contextOf, mattermostAnswer } from './mattermost-actions.js';
import { renderMattermost, type MattermostContext } from './providers/mattermost.js';
import { PAGE } from '../../test/support/chat-fixtures.js';

// What a Mattermost press brings, and what Tocsin answers, as plain data.

const rendered = renderMattermost(PAGE) as { attachments: { actions: { integration: { context: MattermostContext } }[] }[] };
const ackContext = rendered.attachments[0]!.actions[0]!.integration.context;

describe('a Mattermost press', () => {
  it('reads back the context Tocsin gave the button, and nothing else', () => {
    expect(contextOf({ user_name: 'ana', context: JSON.parse(JSON.stringify(ackContext)) })).toEqual(ackContext);
    for (const body of [null, 'x', [], {}, { context: [] }, { context: { ...ackContext, action: 'close' } }, { context: { ...ackContext, token: '' } }, { context: { ...ackContext, token: 'x'.repeat(201) } }, { context: { ...ackContext, post: { text: 1 } } }]) {
      expect(contextOf(body)).toBeNull();
    }
    // Tokens of other actions than Tocsin's are not carried on.
    expect(contextOf({ context: { ...ackContext, tokens: { ...ackContext.tokens, delete: 't' } } })!.tokens).toEqual(ackContext.tokens);
  });

  it('tells only the presser when the button cannot act', () => {
    expect(mattermostAnswer(ackContext, 'ana', { error: 'expired' })).toEqual({ ephemeral_text: 'This button has expired. Open the incident in Tocsin to act on it.' });
  });

  it('escapes the presser’s name, and says when someone was first', () => {
    const incident = { number: 42, status: 'acknowledged' } as never;
    const a = mattermostAnswer(ackContext, '@channel', { outcome: 'already', incident }) as { update: { props: { attachments: { text: string }[] } } };
    expect(a.update.props.attachments[0]!.text).toMatch(/\n\nAlready acknowledged: nothing changed \(pressed by \\@channel\)\.$/);
  });
});
