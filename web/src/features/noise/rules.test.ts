import { describe, expect, it } from 'vitest';
import { parseMatch, ruleConditions } from './rules';

describe('suppression rule form', () => {
  it('reads path=value lines, skipping blank ones, and names the first bad line', () => {
    expect(parseMatch('labels.env = staging\n\ncustom_details.team=search')).toEqual({ match: { 'labels.env': 'staging', 'custom_details.team': 'search' } });
    expect(parseMatch('')).toEqual({ match: {} });
    expect(parseMatch('labels.env=staging\nstaging')).toEqual({ error: '"staging" is not path=value, e.g. labels.env=staging' });
  });

  it('says what a rule matches', () => {
    expect(ruleConditions({ service_id: 'svc_1', source: 'alertmanager', severity: null, match: { 'labels.env': 'staging' } }, () => 'search')).toBe('service search, from alertmanager, labels.env = staging');
    expect(ruleConditions({ service_id: null, source: null, severity: null, match: {} }, String)).toBe('every alert event');
  });
});
