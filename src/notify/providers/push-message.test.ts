import { describe, expect, it } from 'vitest';
import type { PageContent } from '../content.js';
import { fitMessage, MAX_PUSH_JSON_BYTES, pushDelivery, pushMessage, pushTopic } from './push-message.js';

const incident = { id: 'inc_01HXYZ', number: 42, title: 'Checkout is down', severity: 'SEV-1', status: 'triggered', url: 'https://t.example/incidents/inc_01HXYZ', services: [] };
const content = (over: Partial<PageContent> = {}): PageContent => ({ kind: 'page', subject: 'S', text: 'T', ...over });

describe('push message', () => {
  it('carries the incident, its links, and tags the notification by incident', () => {
    expect(pushMessage(content({ incident, ackUrl: 'a', resolveUrl: 'r' }))).toEqual({ title: 'S', body: 'T', url: incident.url, ackUrl: 'a', resolveUrl: 'r', tag: 'inc_01HXYZ', kind: 'page' });
    expect(pushMessage(content({ kind: 'test' })).tag).toBe('test');
  });

  it.each([
    ['page', 3_600, 'high'],
    ['test', 3_600, 'high'],
    ['verify', 600, 'normal'],
    ['notice', 21_600, 'normal'],
  ] as const)('%s: TTL %i s, urgency %s', (kind, ttl, urgency) => {
    expect(pushDelivery(content({ kind }))).toMatchObject({ ttlSeconds: ttl, urgency });
  });

  it('topic: the incident id made URL-safe and at most 32 characters; none for codes', () => {
    expect(pushTopic(content({ incident }))).toBe('inc_01HXYZ');
    expect(pushTopic(content({ incident: { ...incident, id: 'inc:ä/' + 'x'.repeat(40) } }))).toBe('x'.repeat(32));
    expect(pushTopic(content({ kind: 'notice' }))).toBe('notice');
    expect(pushTopic(content({ kind: 'verify', incident }))).toBeUndefined();
  });

  it('shortens the body, then the title, until the JSON fits a push message, counting UTF-8 bytes', () => {
    const huge = pushMessage(content({ text: '🔥"\\'.repeat(5_000), subject: 'Title' }));
    expect(Buffer.byteLength(JSON.stringify(huge))).toBeLessThanOrEqual(MAX_PUSH_JSON_BYTES);
    expect(huge.title).toBe('Title');
    expect(huge.body.endsWith('…')).toBe(true);
    const both = fitMessage({ title: 'é'.repeat(500), body: 'b'.repeat(500), tag: 't', kind: 'page' }, 300);
    expect(Buffer.byteLength(JSON.stringify(both))).toBeLessThanOrEqual(300);
    expect(both.body).toBe('');
    const small = { title: 'a', body: 'b', tag: 't', kind: 'page' } as const;
    expect(fitMessage(small)).toBe(small);
  });
});
