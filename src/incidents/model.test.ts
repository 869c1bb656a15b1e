import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  applyTransition,
  decodeCursor,
  DETECTION_SOURCES,
  encodeCursor,
  INCIDENT_ACTIONS,
  INCIDENT_ROLES,
  planAssignment,
  roleOf,
  SEVERITIES,
  SINGLE_HOLDER_ROLES,
  STATUSES,
  isOpenStatus,
  toIncidentJson,
  toTimelineJson,
  TRANSITIONS,
  type IncidentAction,
  type IncidentRow,
  type IncidentStatus,
  type LifecycleState,
  type RoleHolder,
  type Transition,
} from './model.js';

const NOW = 1_000_000;
const fresh = (status: IncidentStatus, stamps: Partial<LifecycleState> = {}): LifecycleState => ({
  status,
  acknowledged_at: null,
  acknowledged_by: null,
  mitigated_at: null,
  resolved_at: null,
  closed_at: null,
  ...stamps,
});

describe('applyTransition', () => {
  // [from, action, to or null when refused]
  const table: [IncidentStatus, Transition, IncidentStatus | null][] = [
    ['triggered', 'acknowledge', 'acknowledged'],
    ['triggered', 'mitigate', 'mitigated'],
    ['triggered', 'resolve', 'resolved'],
    ['triggered', 'close', 'closed'],
    ['triggered', 'reopen', null],
    ['acknowledged', 'acknowledge', null],
    ['acknowledged', 'mitigate', 'mitigated'],
    ['acknowledged', 'resolve', 'resolved'],
    ['acknowledged', 'close', 'closed'],
    ['acknowledged', 'reopen', null],
    ['mitigated', 'acknowledge', null],
    ['mitigated', 'mitigate', null],
    ['mitigated', 'resolve', 'resolved'],
    ['mitigated', 'close', 'closed'],
    ['mitigated', 'reopen', null],
    ['resolved', 'acknowledge', null],
    ['resolved', 'mitigate', null],
    ['resolved', 'resolve', null],
    ['resolved', 'close', 'closed'],
    ['resolved', 'reopen', 'triggered'],
    ['closed', 'acknowledge', null],
    ['closed', 'mitigate', null],
    ['closed', 'resolve', null],
    ['closed', 'close', null],
    ['closed', 'reopen', null],
  ];
  it.each(table)('%s --%s--> %s', (from, action, to) => {
    const r = applyTransition(fresh(from), action, NOW);
    if (to === null) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(from);
    } else {
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.next.status).toBe(to);
    }
  });

  it('records who acknowledged first, and keeps it across a reopen and a second acknowledgement', () => {
    const first = applyTransition(fresh('triggered'), 'acknowledge', NOW, 'usr_ada');
    expect(first).toEqual({ ok: true, event: 'acknowledged', next: fresh('acknowledged', { acknowledged_at: NOW, acknowledged_by: 'usr_ada' }) });
    const reopened = fresh('triggered', { acknowledged_at: NOW, acknowledged_by: 'usr_ada' });
    const again = applyTransition(reopened, 'acknowledge', NOW + 5, 'usr_bob');
    expect(again.ok && again.next).toMatchObject({ acknowledged_at: NOW, acknowledged_by: 'usr_ada' });
    // A sender's acknowledgement names nobody; other steps never set it.
    expect(applyTransition(fresh('triggered'), 'acknowledge', NOW, null)).toMatchObject({ next: { acknowledged_by: null } });
    expect(applyTransition(fresh('triggered'), 'resolve', NOW, 'usr_ada')).toMatchObject({ next: { acknowledged_by: null } });
  });

  it('stamps the step taken and leaves skipped steps empty', () => {
    const r = applyTransition(fresh('triggered'), 'resolve', NOW);
    expect(r).toEqual({ ok: true, event: 'resolved', next: fresh('resolved', { resolved_at: NOW }) });
  });

  it('resolves an unresolved incident when closing it', () => {
    const r = applyTransition(fresh('mitigated', { mitigated_at: 5 }), 'close', NOW);
    expect(r.ok && r.next).toEqual(fresh('closed', { mitigated_at: 5, resolved_at: NOW, closed_at: NOW }));
    const r2 = applyTransition(fresh('resolved', { resolved_at: 7 }), 'close', NOW);
    expect(r2.ok && r2.next.resolved_at).toBe(7);
  });

  it('reopens keeping the first acknowledgement and clearing mitigation and resolution', () => {
    const r = applyTransition(fresh('resolved', { acknowledged_at: 1, mitigated_at: 2, resolved_at: 3 }), 'reopen', NOW);
    expect(r).toEqual({ ok: true, event: 'reopened', next: fresh('triggered', { acknowledged_at: 1 }) });
    const again = applyTransition(fresh('triggered', { acknowledged_at: 1 }), 'acknowledge', NOW);
    expect(again.ok && again.next.acknowledged_at).toBe(1);
  });
});

describe('applyTransition properties', () => {
  const rank = (s: IncidentStatus) => STATUSES.indexOf(s);
  const actions = fc.array(fc.constantFrom(...TRANSITIONS), { maxLength: 30 });

  it('never moves backwards except reopen, never leaves closed, and refusals change nothing', () => {
    fc.assert(
      fc.property(actions, (seq) => {
        let state = fresh('triggered');
        let now = 0;
        for (const action of seq) {
          now += 1;
          const r = applyTransition(state, action, now);
          if (!r.ok) continue; // a refusal returns no new state: nothing changes
          expect(state.status).not.toBe('closed');
          if (action === 'reopen') expect([state.status, r.next.status]).toEqual(['resolved', 'triggered']);
          else expect(rank(r.next.status)).toBeGreaterThan(rank(state.status));
          state = r.next;
        }
      }),
    );
  });

  it('keeps stamps consistent with the status', () => {
    fc.assert(
      fc.property(actions, (seq) => {
        let state = fresh('triggered');
        let now = 0;
        let firstAck: number | null = null;
        for (const action of seq) {
          now += 1;
          const r = applyTransition(state, action, now);
          if (r.ok) state = r.next;
          if (firstAck === null) firstAck = state.acknowledged_at;
          expect(state.acknowledged_at).toBe(firstAck);
          const s = rank(state.status);
          expect(state.closed_at !== null).toBe(state.status === 'closed');
          if (s >= rank('resolved')) expect(state.resolved_at).not.toBeNull();
          if (s < rank('resolved')) expect(state.resolved_at).toBeNull();
          if (s < rank('mitigated')) expect(state.mitigated_at).toBeNull();
        }
      }),
    );
  });
});

describe('roles', () => {
  const holders: RoleHolder[] = [
    { role: 'technical_lead', user_id: 'u1', name: 'A' },
    { role: 'commander', user_id: 'u1', name: 'A' },
    { role: 'technical_lead', user_id: 'u2', name: 'B' },
  ];

  it('names the most senior role the actor holds', () => {
    expect(roleOf(holders, 'u1')).toBe('commander');
    expect(roleOf(holders, 'u2')).toBe('technical_lead');
    expect(roleOf(holders, 'u3')).toBeNull();
    expect(roleOf(holders, null)).toBeNull();
  });

  it('hands single-holder roles over and stacks technical leads', () => {
    expect(planAssignment(holders, 'commander', 'u2')).toEqual({ ok: true, previous: holders[1] });
    expect(planAssignment(holders, 'communications_lead', 'u2')).toEqual({ ok: true, previous: null });
    expect(planAssignment(holders, 'technical_lead', 'u3')).toEqual({ ok: true, previous: null });
    expect(planAssignment(holders, 'technical_lead', 'u2').ok).toBe(false);
    expect(planAssignment(holders, 'commander', 'u1').ok).toBe(false);
  });
});

describe('cursors', () => {
  it('round-trip and refuse foreign values', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 50 }), (n) => decodeCursor(encodeCursor(n)) === n));
    expect(decodeCursor('garbage')).toBeNull();
    expect(decodeCursor(Buffer.from('n:-1').toString('base64url'))).toBeNull();
  });
});

describe('allowedActions', () => {
  const at = (status: LifecycleState['status'], extra: Partial<LifecycleState> = {}): LifecycleState => ({
    status,
    acknowledged_at: null,
    acknowledged_by: null,
    mitigated_at: null,
    resolved_at: null,
    closed_at: null,
    ...extra,
  });
  it.each([
    ['triggered', 'responder', ['acknowledge', 'mitigate', 'resolve', 'close', 'change_severity', 'assign_role', 'add_note', 'edit']],
    ['acknowledged', 'admin', ['mitigate', 'resolve', 'close', 'change_severity', 'assign_role', 'add_note', 'edit']],
    ['mitigated', 'owner', ['resolve', 'close', 'change_severity', 'assign_role', 'add_note', 'edit']],
    ['resolved', 'responder', ['close', 'reopen', 'change_severity', 'assign_role', 'add_note', 'edit']],
    ['closed', 'owner', ['add_note']],
    ['triggered', 'viewer', []],
    ['resolved', 'viewer', []],
  ] as const)('a %s incident, to a %s: %j', (status, role, expected) => {
    expect(allowedActions(at(status), role)).toEqual(expected);
  });

  it('offers exactly the lifecycle steps that applyTransition accepts', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATUSES), (status) => {
        const offered = allowedActions(at(status), 'responder').filter((a): a is Transition => (TRANSITIONS as readonly string[]).includes(a));
        expect(offered).toEqual(TRANSITIONS.filter((t) => applyTransition(at(status), t, 1).ok));
      }),
    );
  });
});

// Added for mutation testing (docs/testing.md): the exact words and shapes the API shows.
describe('what the rules say and show', () => {
  it('lists the closed sets in their documented order', () => {
    expect(SEVERITIES).toEqual(['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4']);
    expect(STATUSES).toEqual(['triggered', 'acknowledged', 'mitigated', 'resolved', 'closed']);
    expect(STATUSES.filter(isOpenStatus)).toEqual(['triggered', 'acknowledged', 'mitigated']);
    expect(DETECTION_SOURCES).toEqual(['monitor', 'integration', 'customer', 'internal']);
    expect(INCIDENT_ROLES).toEqual(['commander', 'technical_lead', 'communications_lead']);
    expect(SINGLE_HOLDER_ROLES).toEqual(['commander', 'communications_lead']);
    expect(INCIDENT_ACTIONS).toEqual(['acknowledge', 'mitigate', 'resolve', 'close', 'reopen', 'change_severity', 'assign_role', 'add_note', 'edit']);
  });

  it('explains each refusal', () => {
    const reason = (state: LifecycleState, action: Transition) => {
      const r = applyTransition(state, action, NOW);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason(fresh('closed', { resolved_at: 1, closed_at: 2 }), 'reopen')).toBe('The incident is closed; closed is final');
    expect(reason(fresh('acknowledged', { acknowledged_at: 1 }), 'acknowledge')).toBe('Cannot acknowledge: the incident is already acknowledged');
    expect(reason(fresh('mitigated', { acknowledged_at: 1, mitigated_at: 2 }), 'acknowledge')).toBe('Cannot acknowledge: the incident is already past that: mitigated');
    expect(reason(fresh('triggered'), 'reopen')).toBe('Only a resolved incident can be reopened; this one is triggered');
    expect(planAssignment([{ role: 'commander', user_id: 'u1', name: 'A' }], 'commander', 'u1')).toEqual({ ok: false, reason: 'That user is already commander of this incident' });
  });

  it('keeps the first acknowledgement when a reopened incident is acknowledged again, and stamps a first one', () => {
    const again = applyTransition(fresh('triggered', { acknowledged_at: 5 }), 'acknowledge', NOW);
    expect(again.ok && again.next.acknowledged_at).toBe(5);
    const first = applyTransition(fresh('triggered'), 'acknowledge', NOW);
    expect(first.ok && first.next.acknowledged_at).toBe(NOW);
    const mitigated = applyTransition(fresh('triggered', { acknowledged_at: 5 }), 'mitigate', NOW);
    expect(mitigated.ok && mitigated.next).toMatchObject({ status: 'mitigated', acknowledged_at: 5, mitigated_at: NOW });
  });

  it('refuses cursors with anything around the number', () => {
    const raw = (s: string) => Buffer.from(s).toString('base64url');
    expect(decodeCursor(raw('n:12'))).toBe(12);
    expect(decodeCursor(raw('xn:12'))).toBeNull();
    expect(decodeCursor(raw('n:12x'))).toBeNull();
  });

  it('shapes an incident for the API: numbers, booleans, sorted services, roles by kind', () => {
    const row: IncidentRow = {
      id: 'inc_1', number: 7, title: 'Down', severity: 'SEV-2', status: 'acknowledged', detection_source: 'monitor', drill: 1,
      users_affected: 40, functionality_broken: 'checkout', data_at_risk: 0, hypothesis: 'deploy', root_cause_category: null,
      started_at: 0, detected_at: 1000, acknowledged_at: 2000, acknowledged_by: 'u1', mitigated_at: null, resolved_at: null, closed_at: null,
      created_by: null, created_at: 1000, updated_at: 2000,
    };
    const holders: RoleHolder[] = [
      { role: 'technical_lead', user_id: 'u2', name: 'Grace' },
      { role: 'commander', user_id: 'u1', name: 'Ada' },
      { role: 'technical_lead', user_id: 'u3', name: 'Linus' },
    ];
    const allowed: IncidentAction[] = ['resolve', 'add_note'];
    const json = toIncidentJson(row, [{ id: 's2', name: 'web' }, { id: 's1', name: 'api' }], holders, allowed, { id: 'u1', name: 'Ada' });
    expect(json).toEqual({
      id: 'inc_1', number: 7, title: 'Down', severity: 'SEV-2', status: 'acknowledged', detection_source: 'monitor', drill: true,
      services: [{ id: 's1', name: 'api' }, { id: 's2', name: 'web' }],
      impact: { users_affected: 40, functionality_broken: 'checkout', data_at_risk: false },
      hypothesis: 'deploy', root_cause_category: null,
      started_at: '1970-01-01T00:00:00.000Z', detected_at: '1970-01-01T00:00:01.000Z', acknowledged_at: '1970-01-01T00:00:02.000Z',
      acknowledged_by: { id: 'u1', name: 'Ada' }, mitigated_at: null, resolved_at: null, closed_at: null,
      roles: { commander: { id: 'u1', name: 'Ada' }, technical_leads: [{ id: 'u2', name: 'Grace' }, { id: 'u3', name: 'Linus' }], communications_lead: null },
      created_at: '1970-01-01T00:00:01.000Z', updated_at: '1970-01-01T00:00:02.000Z',
      allowed_actions: ['resolve', 'add_note'],
    });
    expect(json.allowed_actions).not.toBe(allowed);
    expect(toIncidentJson({ ...row, users_affected: null }, [], [{ role: 'communications_lead', user_id: 'u4', name: 'Ken' }], []).impact.users_affected).toBeNull();
    expect(toIncidentJson(row, [], [{ role: 'communications_lead', user_id: 'u4', name: 'Ken' }], []).roles).toEqual({ commander: null, technical_leads: [], communications_lead: { id: 'u4', name: 'Ken' } });
  });

  it('shapes a timeline event with its place, actor and parsed data', () => {
    expect(toTimelineJson({ id: 'evt_1', incident_id: 'inc_1', at: 0, kind: 'note', actor_kind: 'user', actor_id: 'u1', actor_name: 'Ada', actor_role: 'commander', data: '{"text":"hi"}', seq: 7 })).toEqual({
      id: 'evt_1', incident_id: 'inc_1', seq: 7, at: '1970-01-01T00:00:00.000Z', kind: 'note', actor: { kind: 'user', id: 'u1', name: 'Ada' }, actor_role: 'commander', data: { text: 'hi' },
    });
  });
});

describe('roleOf precedence', () => {
  it('puts communications lead above technical lead', () => {
    const both: RoleHolder[] = [
      { role: 'technical_lead', user_id: 'u5', name: 'E' },
      { role: 'communications_lead', user_id: 'u5', name: 'E' },
    ];
    expect(roleOf(both, 'u5')).toBe('communications_lead');
    expect(roleOf([{ role: 'communications_lead', user_id: 'u6', name: 'F' }], 'u6')).toBe('communications_lead');
  });
});
