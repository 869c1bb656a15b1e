import type { OutboxMessage } from '../../src/core/outbox/index.js';
import type { ChannelPayload, PageContent } from '../../src/notify/content.js';

// Test fixtures of the chat renderers and provider: a page, a test page and a notice.

export const PAGE: PageContent = {
  kind: 'page',
  subject: '[SEV-1] #42 Checkout is down',
  text: 'Checkout answers 503 for 12% of requests since 03:12 UTC.',
  userId: 'usr_1',
  pageId: 'pg_1',
  incident: { id: 'inc_1', number: 42, title: 'Checkout is down', severity: 'SEV-1', status: 'triggered', url: 'https://tocsin.example/incidents/inc_1', services: ['checkout'] },
  ackUrl: 'https://tocsin.example/act/tokAck123',
  resolveUrl: 'https://tocsin.example/act/tokRes456',
  replyCode: '4821',
};

export const TEST_PAGE: PageContent = {
  kind: 'test',
  subject: 'Tocsin test page',
  text: 'This is the test page you asked for: pages reach you here.',
  userId: 'usr_1',
};

export const NOTICE: PageContent = {
  kind: 'notice',
  subject: '[SEV-2] #43 Nobody on call at tier 2',
  text: 'Tier 2 of Payments escalation reached nobody; escalation moved on.',
  incident: { id: 'inc_2', number: 43, title: 'Card payments failing', severity: 'SEV-2', status: 'triggered', url: 'https://tocsin.example/incidents/inc_2', services: ['payments', 'checkout'] },
};

export function chatMessage(to: string, format: string, content: PageContent = PAGE): OutboxMessage<ChannelPayload> {
  return {
    id: 'obx_1', channel: 'chat', key: 'page:pg_1:chat', payload: { to, details: { format }, content },
    status: 'sending', attempts: 1, maxAttempts: 10, providerRef: null, lastError: null, createdAt: 0, sentAt: null, deliveredAt: null, failedAt: null,
  };
}
