import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors.js';
import { appliesTo, checkAckTimeout, checkRepeatCount, checkTiers, defaultTiers, MAX_ACK_TIMEOUT_MINUTES, MAX_DELAY_MINUTES, MAX_REPEAT, MAX_TARGETS, MAX_TIERS, reachOf, referencedIds, TARGET_KINDS, type Lookups, type TierInput } from './model.js';

const user = (id: string) => ({ kind: 'user' as const, id });
const tier = (delay: number, targets: TierInput['targets'] = [user('usr_a')], extra: Partial<TierInput> = {}): TierInput => ({ delay_minutes: delay, targets, ...extra });

function refusal(fn: () => unknown): ValidationError | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  return undefined;
}
const fieldOf = (fn: () => unknown): string | undefined => refusal(fn)?.field;
const messageOf = (fn: () => unknown): string | undefined => refusal(fn)?.message;

describe('escalation tiers', () => {
  it('numbers tiers in the order given, or by position when given', () => {
    expect(checkTiers([tier(0), tier(5)]).map((t) => [t.position, t.delay_minutes])).toEqual([[1, 0], [2, 5]]);
    const byPosition = checkTiers([tier(5, [user('usr_b')], { position: 20 }), tier(0, [user('usr_a')], { position: 10 })]);
    expect(byPosition.map((t) => [t.position, t.targets[0]!.id])).toEqual([[1, 'usr_a'], [2, 'usr_b']]);
  });

  it('refuses delays that go down, naming the tier as sent', () => {
    expect(fieldOf(() => checkTiers([tier(5), tier(0)]))).toBe('tiers.1.delay_minutes');
    expect(fieldOf(() => checkTiers([tier(0, undefined, { position: 2 }), tier(5, undefined, { position: 1 })]))).toBe('tiers.0.delay_minutes');
    expect(checkTiers([tier(5), tier(5)])).toHaveLength(2);
  });

  it('refuses no tiers, tiers without targets, duplicate positions and half-given positions', () => {
    expect(fieldOf(() => checkTiers([]))).toBe('tiers');
    expect(fieldOf(() => checkTiers([tier(0, [])]))).toBe('tiers.0.targets');
    expect(fieldOf(() => checkTiers([tier(0, undefined, { position: 1 }), tier(5, undefined, { position: 1 })]))).toBe('tiers.1.position');
    expect(fieldOf(() => checkTiers([tier(0, undefined, { position: 1 }), tier(5)]))).toBe('tiers');
  });

  it('checks targets: ids where needed, none for the incident commander, each once', () => {
    expect(fieldOf(() => checkTiers([tier(0, [{ kind: 'schedule' }])]))).toBe('tiers.0.targets.0.id');
    expect(fieldOf(() => checkTiers([tier(0, [{ kind: 'incident_commander', id: 'usr_a' }])]))).toBe('tiers.0.targets.0.id');
    expect(fieldOf(() => checkTiers([tier(0, [user('usr_a'), user('usr_a')])]))).toBe('tiers.0.targets.1');
    expect(checkTiers([tier(0, [{ kind: 'incident_commander' }])])[0]!.targets).toEqual([{ kind: 'incident_commander', id: null }]);
  });

  it('keeps severity conditions in severity order and refuses an empty one', () => {
    expect(checkTiers([tier(0, undefined, { severities: ['SEV-2', 'SEV-1', 'SEV-1'] })])[0]!.severities).toEqual(['SEV-1', 'SEV-2']);
    expect(fieldOf(() => checkTiers([tier(0, undefined, { severities: [] })]))).toBe('tiers.0.severities');
    expect(appliesTo({ severities: ['SEV-1'] }, 'SEV-2')).toBe(false);
    expect(appliesTo({ severities: ['SEV-1'] }, undefined)).toBe(true);
    expect(appliesTo({ severities: null }, 'SEV-4')).toBe(true);
  });

  it('bounds the repeat count', () => {
    expect(checkRepeatCount(undefined)).toBe(0);
    expect(fieldOf(() => checkRepeatCount(-1))).toBe('repeat_count');
  });

  it('builds the seed’s default policy: 0, 5, 15 and 30 minutes, the last two for SEV-1 only', () => {
    const tiers = checkTiers(defaultTiers({ primary: { kind: 'schedule', id: 'sch_p' }, secondary: { kind: 'schedule', id: 'sch_s' }, management: user('usr_m'), executives: { kind: 'team', id: 'team_x' } }));
    expect(tiers.map((t) => [t.delay_minutes, t.severities, t.targets[0]!.id])).toEqual([
      [0, null, 'sch_p'],
      [5, null, 'sch_s'],
      [15, ['SEV-1'], 'usr_m'],
      [30, ['SEV-1'], 'team_x'],
    ]);
    expect([...referencedIds(tiers, (i, j) => `t${i}.${j}`).schedule]).toEqual([['sch_p', 't0.0'], ['sch_s', 't1.0']]);
  });
});

describe('escalation limits and messages', () => {
  const users = (n: number) => Array.from({ length: n }, (_, i) => user(`usr_${i}`));

  it('bounds tiers, targets and delays', () => {
    expect(checkTiers(Array.from({ length: MAX_TIERS }, () => tier(0)))).toHaveLength(MAX_TIERS);
    expect(messageOf(() => checkTiers(Array.from({ length: MAX_TIERS + 1 }, () => tier(0))))).toBe(`tiers: at most ${MAX_TIERS} tiers`);
    expect(checkTiers([tier(0, users(MAX_TARGETS))])[0]!.targets).toHaveLength(MAX_TARGETS);
    expect(messageOf(() => checkTiers([tier(0, users(MAX_TARGETS + 1))]))).toBe(`tiers.0.targets: at most ${MAX_TARGETS} targets`);
    expect(checkTiers([tier(MAX_DELAY_MINUTES)])[0]!.delay_minutes).toBe(MAX_DELAY_MINUTES);
    for (const bad of [MAX_DELAY_MINUTES + 1, -1, 1.5]) expect(messageOf(() => checkTiers([tier(bad)]))).toBe(`tiers.0.delay_minutes must be a whole number from 0 to ${MAX_DELAY_MINUTES}`);
    expect(checkRepeatCount(0)).toBe(0);
    expect(checkRepeatCount(MAX_REPEAT)).toBe(MAX_REPEAT);
    for (const bad of [MAX_REPEAT + 1, -1, 0.5]) expect(messageOf(() => checkRepeatCount(bad))).toBe(`repeat_count must be a whole number from 0 to ${MAX_REPEAT}`);
  });

  it('bounds the acknowledgement timeout: a minute to a week, null for never, absent left alone', () => {
    expect(checkAckTimeout(undefined)).toBeUndefined();
    expect(checkAckTimeout(null)).toBeNull();
    expect(checkAckTimeout(1)).toBe(1);
    expect(checkAckTimeout(MAX_ACK_TIMEOUT_MINUTES)).toBe(MAX_ACK_TIMEOUT_MINUTES);
    for (const bad of [0, -5, 1.5, MAX_ACK_TIMEOUT_MINUTES + 1]) {
      expect(messageOf(() => checkAckTimeout(bad))).toBe(`ack_timeout_minutes must be a whole number from 1 to ${MAX_ACK_TIMEOUT_MINUTES}, or null`);
      expect(fieldOf(() => checkAckTimeout(bad))).toBe('ack_timeout_minutes');
    }
  });

  it('says what is wrong in words', () => {
    expect(messageOf(() => checkTiers([]))).toBe('tiers: a policy needs at least one tier');
    expect(messageOf(() => checkTiers([tier(0, [])]))).toBe('tiers.0.targets: a tier needs at least one target');
    expect(messageOf(() => checkTiers([tier(5), tier(0)]))).toBe('tiers.1.delay_minutes: 0 is before the tier ahead of it (5); delays never go down');
    expect(messageOf(() => checkTiers([tier(0, undefined, { position: 3 }), tier(0, undefined, { position: 3 })]))).toBe('tiers.1.position: tiers 0 and 1 both have position 3');
    expect(messageOf(() => checkTiers([tier(0, undefined, { position: 1 }), tier(0)]))).toBe('tiers: give a position for every tier or for none');
    expect(messageOf(() => checkTiers([tier(0, [{ kind: 'team', id: null }])]))).toBe("tiers.0.targets.0.id: a team target needs the team's id");
    expect(messageOf(() => checkTiers([tier(0, [{ kind: 'incident_commander', id: 'x' }])]))).toBe('tiers.0.targets.0.id: the incident commander takes no id');
    expect(messageOf(() => checkTiers([tier(0, [user('usr_a'), user('usr_b'), user('usr_a')])]))).toBe('tiers.0.targets.2: named twice in one tier');
    expect(messageOf(() => checkTiers([tier(0, [{ kind: 'incident_commander' }, { kind: 'incident_commander', id: null }])]))).toBe('tiers.0.targets.1: named twice in one tier');
    expect(messageOf(() => checkTiers([tier(0, undefined, { severities: [] })]))).toBe('tiers.0.severities: give at least one severity, or null for every severity');
    expect(messageOf(() => checkTiers([tier(0, undefined, { severities: ['SEV-9' as never] })]))).toBe('tiers.0.severities: SEV-9 is not one of SEV-1, SEV-2, SEV-3, SEV-4');
    expect(checkTiers([tier(0, undefined, { severities: undefined })])[0]!.severities).toBeNull();
  });

  it('orders three tiers sent backwards by position', () => {
    const tiers = checkTiers([tier(10, [user('usr_c')], { position: 30 }), tier(5, [user('usr_b')], { position: 20 }), tier(0, [user('usr_a')], { position: 10 })]);
    expect(tiers.map((t) => [t.position, t.targets[0]!.id])).toEqual([[1, 'usr_a'], [2, 'usr_b'], [3, 'usr_c']]);
    expect(tiers[0]!.position).toBe(1);
    expect(fieldOf(() => checkTiers([tier(0, undefined, { position: 2 }), tier(5, undefined, { position: 3 }), tier(9, undefined, { position: 1 })]))).toBe('tiers.0.delay_minutes');
  });

  it('lists the ids a policy names by kind, never the incident commander, each once', () => {
    const tiers = checkTiers([tier(0, [user('usr_a'), { kind: 'incident_commander' }, { kind: 'team', id: 'team_1' }]), tier(5, [user('usr_a')])]);
    const refs = referencedIds(tiers, (i, j) => `t${i}.${j}`);
    expect([...refs.user]).toEqual([['usr_a', 't0.0']]);
    expect([...refs.team]).toEqual([['team_1', 't0.2']]);
    expect(refs.schedule.size).toBe(0);
    expect(TARGET_KINDS).toEqual(['user', 'schedule', 'team', 'incident_commander']);
  });
});

describe('who a target reaches', () => {
  const lookups: Lookups = {
    schedules: new Map([['sch_1', { name: 'Primary', on_call: 'usr_a' }], ['sch_2', { name: 'Empty', on_call: null }]]),
    teams: new Map([['team_1', { name: 'Platform', member_ids: ['usr_a', 'usr_gone'] }]]),
    people: new Map([['usr_a', 'Ana']]),
  };

  it('resolves people, schedules and teams, and says why a target reaches nobody', () => {
    expect(reachOf({ kind: 'schedule', id: 'sch_1' }, lookups)).toMatchObject({ name: 'Primary', people: [{ user_id: 'usr_a', user_name: 'Ana' }], gap: null });
    expect(reachOf({ kind: 'schedule', id: 'sch_2' }, lookups)).toMatchObject({ people: [], gap: 'nobody is on call in this schedule' });
    expect(reachOf({ kind: 'schedule', id: 'sch_x' }, lookups)).toMatchObject({ name: null, gap: 'this schedule no longer exists' });
    expect(reachOf({ kind: 'team', id: 'team_1' }, lookups).people).toEqual([{ user_id: 'usr_a', user_name: 'Ana' }]);
    expect(reachOf({ kind: 'user', id: 'usr_gone' }, lookups).gap).toBe('this person is deleted or deactivated');
    expect(reachOf({ kind: 'incident_commander', id: null }, lookups)).toEqual({ kind: 'incident_commander', id: null, name: 'Incident commander', people: [], gap: 'the incident commander of the incident being escalated' });
    expect(reachOf({ kind: 'user', id: 'usr_a' }, lookups)).toEqual({ kind: 'user', id: 'usr_a', name: 'Ana', people: [{ user_id: 'usr_a', user_name: 'Ana' }], gap: null });
    expect(reachOf({ kind: 'user', id: 'usr_gone' }, lookups).name).toBeNull();
    expect(reachOf({ kind: 'team', id: 'team_x' }, lookups)).toMatchObject({ name: null, people: [], gap: 'this team no longer exists' });
    expect(reachOf({ kind: 'team', id: 'team_1' }, { ...lookups, people: new Map() })).toMatchObject({ name: 'Platform', gap: 'this team has no active members' });
  });
});
