import { describe, expect, it } from 'vitest';
import { allows, lifecycleActions } from './lifecycle';
import { byUrgency, listOrder } from './ordering';
import { formatAge } from './presentation';
import { timelineSentence } from './timelineSentence';
import type { Incident, TimelineEvent } from './types';

type Kind = TimelineEvent['kind'];
/** The `data` of the event variant whose kinds include K (the lifecycle steps share one variant). */
type DataOf<K extends Kind> = TimelineEvent extends infer E ? (E extends { kind: infer EK; data: infer D } ? (K extends EK ? D : never) : never) : never;

const event = <K extends Kind>(kind: K, data: DataOf<K>, actor_role: string | null = 'commander'): TimelineEvent =>
  ({
    id: 'evt_1',
    incident_id: 'inc_1',
    seq: 1,
    at: '2026-01-05T09:00:00.000Z',
    kind,
    actor: { kind: 'user', id: 'usr_1', name: 'Ada' },
    actor_role,
    data,
  }) as TimelineEvent;

const grace = { id: 'u2', name: 'Grace' };
const ada = { id: 'usr_1', name: 'Ada' };

describe('timelineSentence', () => {
  it.each([
    [event('severity_changed', { from: 'SEV-3', to: 'SEV-1', reason: 'customers report checkout failing' }), 'Ada (commander) changed severity SEV-3 → SEV-1: customers report checkout failing'],
    [event('declared', { title: 'x', severity: 'SEV-2', service_ids: [], detection_source: 'monitor', drill: false, commander: null }, null), 'Ada declared the incident as SEV-2'],
    [event('declared', { title: 'x', severity: 'SEV-4', service_ids: [], detection_source: 'internal', drill: true, commander: ada }, null), 'Ada declared the incident as SEV-4 (drill)'],
    [event('acknowledged', { from: 'triggered', to: 'acknowledged' }), 'Ada (commander) acknowledged the incident'],
    [event('mitigated', { from: 'acknowledged', to: 'mitigated' }), 'Ada (commander) mitigated the impact'],
    [event('resolved', { from: 'mitigated', to: 'resolved', note: 'rolled back' }), 'Ada (commander) resolved the incident: rolled back'],
    [event('closed', { from: 'triggered', to: 'closed' }), 'Ada (commander) closed the incident'],
    [event('reopened', { from: 'resolved', to: 'triggered', note: 'back again' }), 'Ada (commander) reopened the incident: back again'],
    [event('role_assigned', { role: 'technical_lead', user: grace, previous: null }), 'Ada (commander) assigned Grace as technical lead'],
    [event('role_assigned', { role: 'commander', user: grace, previous: ada }), 'Ada (commander) handed the commander role from Ada to Grace'],
    [event('role_assigned', { role: 'commander', user: ada, previous: null }, null), 'Ada took the commander role'],
    [event('role_released', { role: 'communications_lead', user: grace }), 'Ada (commander) released Grace from communications lead'],
    [event('note', { text: 'db failover started' }, 'technical_lead'), 'Ada (technical lead) noted: db failover started'],
    [event('updated', { fields: ['title', 'root_cause_category'], changes: {} }), 'Ada (commander) updated title, root cause category'],
    [event('updated', { fields: [], changes: {} }), 'Ada (commander) updated the details'],
    [
      event('alert_opened', { alert_id: 'alt_1', summary: 'shop home is down', joined: false, results: [{ location: 'server', status: 'down', latency_ms: 5000, message: 'no answer within 5000 ms', at: 1 }, { location: 'eu-west', status: 'up', latency_ms: 42, message: null, at: 1 }] }, null),
      'Alert opened: shop home is down (server: no answer within 5000 ms; eu-west: up, 42 ms)',
    ],
    [event('alert_opened', { alert_id: 'alt_2', summary: 'api is down', joined: true }, null), 'Alert joined this incident: api is down'],
    [event('alert_resolved', { alert_id: 'alt_1', summary: 'shop home recovered', results: [] }, null), 'Alert resolved: shop home recovered'],
    [event('alert_resolved', { alert_id: 'alt_2', summary: 'Resolved by its sender', alert_summary: 'Disk full on db-1', events: 3 }, null), 'Alert resolved: Disk full on db-1 (resolved by its sender) (3 events, repeats included)'],
    [event('alert_revised', { alert_id: 'alt_3', summary: 'Search latency critical', previous_summary: 'Search latency high', source: 'opsgenie' }, null), 'Alert revised by its sender: “Search latency high” → “Search latency critical”'],
  ])('%#: %s', (e, sentence) => expect(timelineSentence(e)).toBe(sentence));
});

describe('lifecycleActions', () => {
  it.each([
    [['acknowledge', 'mitigate', 'resolve', 'close', 'change_severity', 'assign_role', 'add_note', 'edit'], ['acknowledge', 'mitigate', 'resolve', 'close']],
    [['close', 'reopen', 'add_note'], ['close', 'reopen']],
    [['reopen', 'close'], ['close', 'reopen']],
    [[], []],
  ] as const)('%j → %j', (allowed, actions) => expect(lifecycleActions(allowed)).toEqual(actions));

  it('offers only what allowed_actions lists', () => {
    expect(allows({ allowed_actions: ['add_note'] }, 'add_note')).toBe(true);
    expect(allows({ allowed_actions: ['add_note'] }, 'edit')).toBe(false);
    expect(allows({ allowed_actions: [] }, 'acknowledge')).toBe(false);
  });
});

describe('byUrgency', () => {
  const inc = (number: number, severity: Incident['severity'], status: Incident['status'], detected: string) =>
    ({ number, severity, status, detected_at: detected }) as Incident;
  it('puts open before finished, then worst severity, then nobody-on-it, then newest', () => {
    const list = [
      inc(1, 'SEV-1', 'resolved', '2026-01-05T10:00:00Z'),
      inc(2, 'SEV-3', 'triggered', '2026-01-05T09:00:00Z'),
      inc(3, 'SEV-1', 'mitigated', '2026-01-05T08:00:00Z'),
      inc(4, 'SEV-1', 'triggered', '2026-01-05T07:00:00Z'),
      inc(5, 'SEV-3', 'triggered', '2026-01-05T09:30:00Z'),
    ];
    expect([...list].sort(byUrgency).map((i) => i.number)).toEqual([4, 3, 5, 2, 1]);
  });
});

describe('listOrder', () => {
  const inc = (number: number, status: Incident['status'], severity: Incident['severity'] = 'SEV-3') =>
    ({ id: `inc_${number}`, number, severity, status, detected_at: new Date(Date.UTC(2026, 0, 1, 0, number)).toISOString() }) as Incident;
  const numbers = (list: Incident[]) => list.map((i) => i.number);

  it('keeps the API order (newest first) across pages outside the open view, older pages below', () => {
    const pages = [{ items: [inc(60, 'resolved'), inc(59, 'triggered')] }, { items: [inc(10, 'resolved', 'SEV-1'), inc(9, 'closed')] }];
    expect(numbers(listOrder(pages, false))).toEqual([60, 59, 10, 9]);
  });
  it('orders the open view by urgency across every loaded page', () => {
    const pages = [{ items: [inc(60, 'mitigated', 'SEV-2'), inc(59, 'triggered', 'SEV-3')] }, { items: [inc(3, 'triggered', 'SEV-1')] }];
    expect(numbers(listOrder(pages, true))).toEqual([3, 60, 59]);
  });
  it('shows an incident once when a refetched page repeats it', () => {
    const pages = [{ items: [inc(5, 'resolved'), inc(4, 'resolved')] }, { items: [inc(4, 'resolved'), inc(3, 'resolved')] }];
    expect(numbers(listOrder(pages, false))).toEqual([5, 4, 3]);
  });
  it('does not reorder the pages it was given', () => {
    const pages = [{ items: [inc(2, 'triggered', 'SEV-4'), inc(1, 'triggered', 'SEV-1')] }];
    listOrder(pages, true);
    expect(numbers(pages[0]!.items)).toEqual([2, 1]);
  });
});

describe('formatAge', () => {
  it.each([
    [30_000, 'just now'],
    [4 * 60_000, '4m'],
    [(2 * 60 + 5) * 60_000, '2h 05m'],
    [(3 * 24 + 4) * 3_600_000, '3d 4h'],
  ])('%i ms → %s', (ms, text) => expect(formatAge(ms)).toBe(text));
});
