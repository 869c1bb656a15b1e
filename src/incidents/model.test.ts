import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  applyTransition,
  decodeCursor,
  encodeCursor,
  planAssignment,
  roleOf,
  STATUSES,
  TRANSITIONS,
  type IncidentStatus,
  type LifecycleState,
  type RoleHolder,
  type Transition,
} from './model.js';

const NOW = 1_000_000;
const fresh = (status: IncidentStatus, stamps: Partial<LifecycleState> = {}): LifecycleState => ({
  status,
  acknowledged_at: null,
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
