import { describe, expect, it } from 'vitest';
import { NOTICE, PAGE, TEST_PAGE } from '../../../test/support/chat-fixtures.js';
import { CHAT_FORMATS, tokenOf } from './chat-content.js';
import { renderChat } from './chat.js';
import { renderDiscord } from './discord.js';
import { renderGoogleChat } from './google-chat.js';
import { renderMattermost } from './mattermost.js';
import { renderSlack } from './slack.js';
import { renderTeams } from './teams.js';

// Each product's documented incoming-webhook format, pinned exactly for a page; test pages and
// notices are pinned by snapshot and their rules (no acknowledge/resolve) asserted.

const facts = { severity: 'SEV-1', status: 'triggered', service: 'checkout', incident: '#42' };

describe('chat renderers: a page', () => {
  it('Slack: Block Kit with text fallback, facts, and buttons carrying the action tokens', () => {
    expect(renderSlack(PAGE, { interactive: true })).toEqual({
      text: '[SEV-1] #42 Checkout is down',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '[SEV-1] #42 Checkout is down', emoji: false } },
        { type: 'section', text: { type: 'mrkdwn', text: 'Checkout answers 503 for 12% of requests since 03:12 UTC.' } },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: `*Severity*\n${facts.severity}` },
            { type: 'mrkdwn', text: `*Status*\n${facts.status}` },
            { type: 'mrkdwn', text: `*Service*\n${facts.service}` },
            { type: 'mrkdwn', text: `*Incident*\n${facts.incident}` },
          ],
        },
        {
          type: 'actions',
          block_id: 'tocsin_actions',
          elements: [
            { type: 'button', action_id: 'tocsin_ack', text: { type: 'plain_text', text: 'Acknowledge' }, value: 'tokAck123', style: 'primary' },
            { type: 'button', action_id: 'tocsin_resolve', text: { type: 'plain_text', text: 'Resolve' }, value: 'tokRes456' },
            { type: 'button', action_id: 'tocsin_open', text: { type: 'plain_text', text: 'Open incident' }, url: 'https://tocsin.example/incidents/inc_1' },
          ],
        },
      ],
    });
  });

  it('Slack without a Slack app: the same buttons open the signed links instead', () => {
    const actions = (renderSlack(PAGE).blocks as { type: string; elements?: unknown[] }[]).find((b) => b.type === 'actions')!;
    expect(actions.elements!.slice(0, 2)).toEqual([
      { type: 'button', action_id: 'tocsin_ack_link', text: { type: 'plain_text', text: 'Acknowledge' }, url: PAGE.ackUrl, style: 'primary' },
      { type: 'button', action_id: 'tocsin_resolve_link', text: { type: 'plain_text', text: 'Resolve' }, url: PAGE.resolveUrl },
    ]);
  });

  it('Teams: a Workflows message with one Adaptive Card 1.4 and Action.OpenUrl links', () => {
    expect(renderTeams(PAGE)).toEqual({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: [
              { type: 'TextBlock', text: '[SEV-1] #42 Checkout is down', weight: 'Bolder', size: 'Medium', color: 'Attention', wrap: true },
              { type: 'TextBlock', text: 'Checkout answers 503 for 12% of requests since 03:12 UTC.', wrap: true },
              { type: 'FactSet', facts: [{ title: 'Severity', value: 'SEV-1' }, { title: 'Status', value: 'triggered' }, { title: 'Service', value: 'checkout' }, { title: 'Incident', value: '#42' }] },
            ],
            actions: [
              { type: 'Action.OpenUrl', title: 'Acknowledge', url: PAGE.ackUrl, style: 'positive' },
              { type: 'Action.OpenUrl', title: 'Resolve', url: PAGE.resolveUrl },
              { type: 'Action.OpenUrl', title: 'Open incident', url: PAGE.incident!.url },
            ],
          },
        },
      ],
    });
  });

  it('Discord: content, one embed with colour and inline fields, no mentions', () => {
    expect(renderDiscord(PAGE)).toEqual({
      content: '[SEV-1] #42 Checkout is down',
      embeds: [
        {
          title: '[SEV-1] #42 Checkout is down',
          description: `Checkout answers 503 for 12% of requests since 03:12 UTC.\n\n[Acknowledge](${PAGE.ackUrl}) · [Resolve](${PAGE.resolveUrl})`,
          url: 'https://tocsin.example/incidents/inc_1',
          color: 0xd32f2f,
          fields: [
            { name: 'Severity', value: 'SEV-1', inline: true },
            { name: 'Status', value: 'triggered', inline: true },
            { name: 'Service', value: 'checkout', inline: true },
            { name: 'Incident', value: '#42', inline: true },
          ],
        },
      ],
      allowed_mentions: { parse: [] },
    });
  });

  it('Mattermost: text with a Slack-compatible attachment, and buttons Mattermost posts back to Tocsin', () => {
    const attachment = {
      fallback: '[SEV-1] #42 Checkout is down',
      color: '#D32F2F',
      title: '[SEV-1] #42 Checkout is down',
      title_link: 'https://tocsin.example/incidents/inc_1',
      text: `Checkout answers 503 for 12% of requests since 03:12 UTC.\n\n[Acknowledge](${PAGE.ackUrl}) · [Resolve](${PAGE.resolveUrl}) · [Open incident](${PAGE.incident!.url})`,
      fields: [
        { short: true, title: 'Severity', value: 'SEV-1' },
        { short: true, title: 'Status', value: 'triggered' },
        { short: true, title: 'Service', value: 'checkout' },
        { short: true, title: 'Incident', value: '#42' },
      ],
    };
    const text = '**\\[SEV-1\\] \\#42 Checkout is down**';
    const context = (action: string, token: string) => ({
      action,
      token,
      tokens: { acknowledge: 'tokAck123', resolve: 'tokRes456' },
      url: 'https://tocsin.example/notify/mattermost/actions',
      post: { text, attachment },
    });
    expect(renderMattermost(PAGE)).toEqual({
      text,
      attachments: [
        {
          ...attachment,
          actions: [
            { id: 'tocsinack', name: 'Acknowledge', type: 'button', style: 'primary', integration: { url: 'https://tocsin.example/notify/mattermost/actions', context: context('acknowledge', 'tokAck123') } },
            { id: 'tocsinresolve', name: 'Resolve', type: 'button', style: 'default', integration: { url: 'https://tocsin.example/notify/mattermost/actions', context: context('resolve', 'tokRes456') } },
          ],
        },
      ],
    });
  });

  it('Google Chat: text and a cardsV2 card, threaded by incident', () => {
    expect(renderGoogleChat(PAGE)).toEqual({
      text: '[SEV-1] #42 Checkout is down',
      cardsV2: [
        {
          cardId: 'pg_1',
          card: {
            header: { title: '[SEV-1] #42 Checkout is down', subtitle: 'checkout' },
            sections: [
              {
                widgets: [
                  { textParagraph: { text: 'Checkout answers 503 for 12% of requests since 03:12 UTC.' } },
                  { decoratedText: { topLabel: 'Severity', text: 'SEV-1' } },
                  { decoratedText: { topLabel: 'Status', text: 'triggered' } },
                  { decoratedText: { topLabel: 'Service', text: 'checkout' } },
                  { decoratedText: { topLabel: 'Incident', text: '#42' } },
                  {
                    buttonList: {
                      buttons: [
                        { text: 'Acknowledge', onClick: { openLink: { url: PAGE.ackUrl } } },
                        { text: 'Resolve', onClick: { openLink: { url: PAGE.resolveUrl } } },
                        { text: 'Open incident', onClick: { openLink: { url: PAGE.incident!.url } } },
                      ],
                    },
                  },
                ],
              },
            ],
          },
        },
      ],
      thread: { threadKey: 'tocsin-inc_1' },
    });
  });
});

describe('chat renderers: test pages and notices', () => {
  it.each(CHAT_FORMATS)('%s: a test page and a notice offer no acknowledge or resolve', (format) => {
    for (const content of [TEST_PAGE, NOTICE]) {
      const { body } = renderChat(format, 'https://x.example/hook', content, { interactive: true });
      const json = JSON.stringify(body);
      expect(json).not.toContain('Acknowledge');
      expect(json).not.toContain('Resolve');
      expect(json).toContain(content.subject.replace(/[[\]#]/g, '').split(' ').at(-1));
      expect(body).toMatchSnapshot(content.kind);
    }
  });

  it('Slack escapes markup in alert text (no @channel, no links)', () => {
    const body = renderSlack({ ...NOTICE, text: '<!channel> see <http://evil|here> & more' });
    expect(JSON.stringify(body)).toContain('&lt;!channel&gt; see &lt;http://evil|here&gt; &amp; more');
  });

  it('the action token is the last path segment of the signed link', () => {
    expect(tokenOf('https://tocsin.example/act/abc.DEF_1')).toBe('abc.DEF_1');
    expect(tokenOf('https://tocsin.example/act/abc%2Fx?x=1')).toBe('abc/x');
    expect(tokenOf('not a url')).toBeUndefined();
  });
});
