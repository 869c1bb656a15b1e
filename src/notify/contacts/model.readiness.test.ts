import { describe, expect, it } from 'vitest';
import type { ChannelName } from '../content.js';
import { readinessFor, type MethodState, type RuleState } from './model.readiness.js';

const all = new Set<ChannelName>(['email', 'sms', 'voice', 'push', 'chat']);
const m = (id: string, channel: ChannelName, over: Partial<MethodState> = {}): MethodState => ({ id, channel, label: '', verified_at: 1, disabled_at: null, ...over });
const r = (contact_method_id: string, delay_minutes: number, urgency: 'high' | 'low' = 'high'): RuleState => ({ contact_method_id, urgency, delay_minutes });
const codes = (x: ReturnType<typeof readinessFor>) => x.problems.map((p) => p.code);

describe('readinessFor', () => {
  it('is reachable from the first usable step, in delay order', () => {
    const out = readinessFor([m('a', 'push'), m('b', 'sms'), m('c', 'voice')], [r('c', 5), r('b', 2), r('a', 0)], 'high', all);
    expect(out).toMatchObject({ reachable: true, first_minutes: 0, problems: [] });
    expect(out.methods.map((s) => [s.delay_minutes, s.channel])).toEqual([[0, 'push'], [2, 'sms'], [5, 'voice']]);
  });

  it('starts later when the early steps cannot reach', () => {
    const out = readinessFor([m('a', 'push', { verified_at: null }), m('b', 'sms')], [r('a', 0), r('b', 2)], 'high', all);
    expect(out).toMatchObject({ reachable: true, first_minutes: 2 });
    expect(codes(out)).toEqual(['method_unverified']);
  });

  it.each<[string, MethodState[], RuleState[], ReadonlySet<ChannelName>, string[]]>([
    ['no methods at all', [], [], all, ['no_verified_method', 'no_rules']],
    ['a verified method but no rule for the urgency', [m('a', 'email')], [r('a', 0, 'low')], all, ['no_rules']],
    ['rules only to an unverified method', [m('a', 'sms', { verified_at: null })], [r('a', 0), r('a', 5)], all, ['no_verified_method', 'method_unverified']],
    ['rules only to a disabled push subscription', [m('a', 'push', { disabled_at: 9 })], [r('a', 0)], all, ['no_verified_method', 'method_disabled']],
    ['a channel this server cannot send on', [m('a', 'email')], [r('a', 0)], new Set<ChannelName>(['sms']), ['channel_not_configured']],
  ])('is unreachable with %s', (_name, methods, rules, configured, want) => {
    const out = readinessFor(methods, rules, 'high', configured);
    expect(out.reachable).toBe(false);
    expect(out.first_minutes).toBeNull();
    expect(codes(out)).toEqual(want);
  });

  it('names each unusable method once, with its label', () => {
    const out = readinessFor([m('a', 'sms', { verified_at: null, label: 'Work' })], [r('a', 0), r('a', 3)], 'high', all);
    expect(out.problems.filter((p) => p.code === 'method_unverified')).toEqual([{ code: 'method_unverified', message: 'sms (Work) is not verified: enter the code sent to it', contact_method_id: 'a', channel: 'sms' }]);
  });

  it('ignores rules whose method is gone', () => {
    expect(readinessFor([m('a', 'sms')], [r('zz', 0), r('a', 1)], 'high', all)).toMatchObject({ reachable: true, first_minutes: 1 });
  });
});
