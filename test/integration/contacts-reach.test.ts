import { beforeAll, expect, it } from 'vitest';
import { disableContactMethod, reachPlans } from '../../src/notify/contacts/service.js';
import * as store from '../../src/notify/contacts/store.js';
import { describeEachDatabase } from '../support/harness.js';

// reachPlans: what paging reads. Only verified, enabled methods with a rule for the urgency.
describeEachDatabase('contact reach plans', (h) => {
  const now = 1_767_225_600_000;
  let ana: string;
  let bo: string;
  const method = (id: string, user_id: string, channel: 'email' | 'sms' | 'push', over: { verified?: boolean; disabled?: boolean } = {}) =>
    store.insertMethod(h.db.kysely, {
      id,
      user_id,
      channel,
      address: channel === 'email' ? `${id}@example.com` : channel === 'sms' ? '+447911123456' : `https://push.example/${id}`,
      label: '',
      verify_attempts: 0,
      verify_sent: 0,
      details: channel === 'push' ? JSON.stringify({ keys: { p256dh: 'a', auth: 'b' } }) : null,
      verified_at: over.verified === false ? null : now,
      disabled_at: over.disabled ? now : null,
      created_at: now,
      updated_at: now,
    });
  const rule = (id: string, user_id: string, contact_method_id: string, urgency: 'high' | 'low', delay_minutes: number) =>
    store.insertRules(h.db.kysely, [{ id, user_id, contact_method_id, urgency, delay_minutes, created_at: now }]);

  beforeAll(async () => {
    [ana, bo] = [(await h.actor('responder')).id, (await h.actor('responder')).id];
    await method('cm_a_mail', ana, 'email');
    await method('cm_a_sms', ana, 'sms');
    await method('cm_a_push', ana, 'push');
    await method('cm_a_new', ana, 'email', { verified: false });
    await rule('nr_1', ana, 'cm_a_sms', 'high', 2);
    await rule('nr_2', ana, 'cm_a_push', 'high', 0);
    await rule('nr_3', ana, 'cm_a_mail', 'high', 2);
    await rule('nr_4', ana, 'cm_a_mail', 'low', 0);
    await rule('nr_5', ana, 'cm_a_new', 'high', 0);
    await method('cm_b_gone', bo, 'push', { disabled: true });
    await rule('nr_6', bo, 'cm_b_gone', 'high', 0);
  });

  it('gives each person their verified steps by delay then channel, and nobody-reachable as empty', async () => {
    const plans = await reachPlans(h.ctx(), [ana, bo, 'usr_nobody', ana], 'high');
    expect([...plans.keys()]).toEqual([ana, bo, 'usr_nobody']);
    expect(plans.get(ana)!.map((s) => [s.delay_minutes, s.channel, s.contact_method_id, s.rule_id])).toEqual([
      [0, 'push', 'cm_a_push', 'nr_2'],
      [2, 'email', 'cm_a_mail', 'nr_3'],
      [2, 'sms', 'cm_a_sms', 'nr_1'],
    ]);
    expect(plans.get(ana)![0]).toEqual({ rule_id: 'nr_2', contact_method_id: 'cm_a_push', channel: 'push', address: 'https://push.example/cm_a_push', details: { keys: { p256dh: 'a', auth: 'b' } }, delay_minutes: 0 });
    expect(plans.get(bo)).toEqual([]);
    expect(plans.get('usr_nobody')).toEqual([]);
    expect((await reachPlans(h.ctx(), [ana], 'low')).get(ana)!.map((s) => s.rule_id)).toEqual(['nr_4']);
    expect((await reachPlans(h.ctx(), [], 'low')).size).toBe(0);
  });

  it('stops paging a disabled method, once, and ignores one already gone', async () => {
    expect(await disableContactMethod(h.ctx(), 'cm_a_push')).toBe(true);
    expect(await disableContactMethod(h.ctx(), 'cm_a_push')).toBe(false);
    expect(await disableContactMethod(h.ctx(), 'cm_missing')).toBe(false);
    expect((await reachPlans(h.ctx(), [ana], 'high')).get(ana)!.map((s) => s.rule_id)).toEqual(['nr_3', 'nr_1']);
  });

  it('refuses a second method with the same address and a rule outside 0..1440', async () => {
    await expect(method('cm_a_mail', ana, 'email')).rejects.toThrow();
    await expect(store.insertMethod(h.db.kysely, { id: 'cm_dup', user_id: ana, channel: 'sms', address: '+447911123456', label: '', details: null, verify_attempts: 0, verify_sent: 0, created_at: now, updated_at: now })).rejects.toThrow();
    await expect(rule('nr_bad', ana, 'cm_a_mail', 'high', 1441)).rejects.toThrow();
    await expect(rule('nr_dup', ana, 'cm_a_mail', 'high', 2)).rejects.toThrow();
  });
});
