import { describe, expect, it } from 'vitest';
import { parseTarget, parseTier } from './cli-tiers.js';

describe('tiers as `tocsin policy create --tier` reads them', () => {
  it('reads minutes, severities and targets separated by semicolons, tier after tier', () => {
    let tiers = parseTier('0: schedule:Primary on-call');
    tiers = parseTier('5 min: schedule:Secondary; user:grace@example.com', tiers);
    tiers = parseTier('15 SEV-1: team:Engineering managers', tiers);
    tiers = parseTier('30 sev1, SEV-2 : commander', tiers);
    expect(tiers).toEqual([
      { delay_minutes: 0, severities: null, targets: [{ kind: 'schedule', ref: 'Primary on-call' }] },
      { delay_minutes: 5, severities: null, targets: [{ kind: 'schedule', ref: 'Secondary' }, { kind: 'user', ref: 'grace@example.com' }] },
      { delay_minutes: 15, severities: ['SEV-1'], targets: [{ kind: 'team', ref: 'Engineering managers' }] },
      { delay_minutes: 30, severities: ['SEV-1', 'SEV-2'], targets: [{ kind: 'incident_commander' }] },
    ]);
  });

  it('keeps a name with a colon in it whole after its kind', () => {
    expect(parseTarget('schedule: EU: nights')).toEqual({ kind: 'schedule', ref: 'EU: nights' });
    expect(parseTarget('Incident commander')).toEqual({ kind: 'incident_commander' });
  });

  it('refuses a tier without minutes, without a target, or with a target of no known kind, saying how to write it', () => {
    expect(() => parseTier('soon: user:ada@example.com')).toThrow(/is not a tier: write "<minutes>/);
    expect(() => parseTier('5:')).toThrow(/names nobody/);
    expect(() => parseTier('5: ;')).toThrow(/names nobody/);
    expect(() => parseTier('5: ada@example.com')).toThrow(/"ada@example.com" is not a target: write user:/);
    expect(() => parseTier('5: group:ops')).toThrow(/is not a target/);
    expect(() => parseTier('5: user:')).toThrow(/is not a target/);
    expect(() => parseTier('5 SEV-7: commander')).toThrow(/is not a tier/);
  });
});
