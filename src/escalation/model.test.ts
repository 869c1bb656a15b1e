import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors.js';
import { appliesTo, checkRepeatCount, checkTiers, defaultTiers, reachOf, referencedIds, type Lookups, type TierInput } from './model.js';

const user = (id: string) => ({ kind: 'user' as const, id });
const tier = (delay: number, targets: TierInput['targets'] = [user('usr_a')], extra: Partial<TierInput> = {}): TierInput => ({ delay_minutes: delay, targets, ...extra });

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.field;
    throw err;
  }
  return undefined;
}

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
    expect(reachOf({ kind: 'incident_commander', id: null }, lookups)).toMatchObject({ people: [], name: 'Incident commander' });
  });
});
