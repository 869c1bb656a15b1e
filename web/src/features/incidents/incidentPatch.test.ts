import { describe, expect, it } from 'vitest';
import { editOf, incidentPatch } from './incidentPatch';
import type { Incident } from './types';

const incident = {
  title: 'Checkout 502',
  impact: { users_affected: 10, functionality_broken: 'payments', data_at_risk: false },
  hypothesis: '',
  root_cause_category: null,
  services: [{ id: 's1', name: 'checkout' }],
} as unknown as Incident;

describe('incidentPatch', () => {
  const before = editOf(incident);
  it('is empty when nothing changed (service order does not matter)', () => {
    expect(incidentPatch(before, { ...before })).toEqual({});
  });
  it('names only the changed fields, trimmed; an emptied category becomes null', () => {
    expect(incidentPatch(before, { ...before, title: ' Checkout 500 ', hypothesis: 'bad deploy ' })).toEqual({ title: 'Checkout 500', hypothesis: 'bad deploy' });
    const withCause = { ...before, root_cause_category: 'deploy' };
    expect(incidentPatch(before, withCause)).toEqual({ root_cause_category: 'deploy' });
    expect(incidentPatch(withCause, before)).toEqual({ root_cause_category: null });
  });
  it('sends only the changed impact parts and the whole service set', () => {
    const after = { ...before, impact: { ...before.impact, data_at_risk: true, users_affected: null }, service_ids: ['s1', 's2'] };
    expect(incidentPatch(before, after)).toEqual({ impact: { data_at_risk: true, users_affected: null }, service_ids: ['s1', 's2'] });
  });
});
