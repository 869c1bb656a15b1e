import { describe, expect, it } from 'vitest';
import type { Escalation, Notification, Page } from './api';
import { DELIVERIES, DELIVERY_LOOK, escalationStatus, failuresOf, newestFirst, pageReason, pagingDespiteAck, refetchEvery, unreachable } from './presentation';

const note = (delivery: Notification['delivery'], extra: Partial<Notification> = {}): Notification => ({
  channel: 'sms',
  contact_method_id: 'cm_1',
  due_at: '2026-01-05T09:00:00.000Z',
  delivery,
  attempts: 1,
  error: null,
  sent_at: null,
  delivered_at: null,
  failed_at: null,
  ...extra,
});
const page = (extra: Partial<Page> = {}): Page => ({
  id: 'pg_1',
  incident_id: 'inc_1',
  user: { id: 'usr_1', name: 'Ada' },
  reason: 'escalation',
  tier: 1,
  round: 0,
  urgency: 'high',
  reply_code: '4821',
  note: '',
  created_at: '2026-01-05T09:00:00.000Z',
  acknowledged_at: null,
  notifications: [],
  ...extra,
});
const esc = (state: Escalation['state'], extra: Partial<Escalation> = {}): Escalation => ({
  id: 'escl_1',
  policy_id: 'esc_1',
  service_id: 'svc_1',
  urgency: 'high',
  state,
  started_at: '2026-01-05T09:00:00.000Z',
  acknowledged_at: null,
  ...extra,
});

describe('paging presentation', () => {
  it('gives every delivery state words, and red to failures alone', () => {
    for (const d of DELIVERIES) expect(DELIVERY_LOOK[d].label).not.toBe('');
    expect(DELIVERIES.filter((d) => DELIVERY_LOOK[d].color === 'red')).toEqual(['failed']);
  });

  it('picks out every failed notification with its page', () => {
    const a = page({ id: 'a', notifications: [note('sent'), note('failed', { error: '503 from Twilio' })] });
    const b = page({ id: 'b', notifications: [note('delivered')] });
    expect(failuresOf([a, b]).map((f) => [f.page.id, f.notification.error])).toEqual([['a', '503 from Twilio']]);
  });

  it('says why a person was paged', () => {
    expect(pageReason({ reason: 'escalation', tier: 2, round: 0 })).toBe('Tier 2');
    expect(pageReason({ reason: 'escalation', tier: 1, round: 1 })).toBe('Tier 1, round 2');
    expect(pageReason({ reason: 'manual', tier: null, round: null })).toBe('Paged by a responder');
  });

  it('calls a page with no notification unreachable', () => {
    expect(unreachable(page())).toBe(true);
    expect(unreachable(page({ notifications: [note('planned')] }))).toBe(false);
  });

  it('tells what an escalation does and the instant it hinges on', () => {
    expect(escalationStatus(esc('waiting', { started_at: '2026-01-06T09:00:00.000Z' }))).toEqual({ text: 'Low urgency: waits for business hours, pages from', at: '2026-01-06T09:00:00.000Z' });
    expect(escalationStatus(esc('acknowledged', { acknowledged_at: '2026-01-05T09:03:00.000Z' })).at).toBe('2026-01-05T09:03:00.000Z');
    expect(escalationStatus(esc('done')).at).toBeNull();
  });

  it('sorts newest first without touching the input', () => {
    const items = [page({ id: 'old', created_at: '2026-01-01T00:00:00.000Z' }), page({ id: 'new', created_at: '2026-01-02T00:00:00.000Z' })];
    expect(newestFirst(items).map((p) => p.id)).toEqual(['new', 'old']);
    expect(items[0]!.id).toBe('old');
  });

  it('offers "Acknowledge pages" only when an acknowledged incident is paging again', () => {
    expect(pagingDespiteAck('acknowledged', [esc('active')])).toBe(true);
    expect(pagingDespiteAck('acknowledged', [esc('acknowledged'), esc('done')])).toBe(false);
    expect(pagingDespiteAck('triggered', [esc('active')])).toBe(false);
  });

  it('polls while a delivery is on its way or an escalation still pages, not after', () => {
    expect(refetchEvery([page({ notifications: [note('sending')] })])).toBe(10_000);
    expect(refetchEvery([page({ notifications: [note('delivered'), note('skipped')] })], [esc('active')])).toBe(10_000);
    expect(refetchEvery([page({ notifications: [note('delivered'), note('failed')] })], [esc('acknowledged')])).toBe(false);
  });
});
