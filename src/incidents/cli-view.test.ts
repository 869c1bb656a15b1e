import { describe, expect, it } from 'vitest';
import { alertsTable } from '../alerts/cli-view.js';
import { timelineTable, type TimelineEvent } from './cli-view.js';

// `tocsin incident show` during a storm: the first alerts and a folded timeline, everything with --all.

const at = '2026-12-01T04:00:00.000Z';
let n = 0;
const event = (kind: string, data: Record<string, unknown>): TimelineEvent =>
  ({ id: `tl_${++n}`, incident_id: 'inc_1', at, kind, actor: { kind: 'integration', id: null, name: 'prometheus' }, actor_role: null, data }) as unknown as TimelineEvent;
const joined = (i: number) => event('alert_opened', { alert_id: `alt_${i}`, summary: `Pod ${i} OOMKilled`, source: 'pagerduty', joined: true });
type Alert = Parameters<typeof alertsTable>[0][number];
const alert = (i: number, status: 'open' | 'resolved' = 'open'): Alert =>
  ({ id: `alt_${i}`, status, summary: `Pod ${i} OOMKilled`, source: 'pagerduty', events: 1, opened_at: at, details: { severity: 'critical' } }) as unknown as Alert;

describe('timelineTable', () => {
  const events = [event('alert_opened', { alert_id: 'alt_0', summary: 'Pod 0 OOMKilled', source: 'pagerduty', joined: false }), event('declared', { severity: 'SEV-2', title: 'Pod 0 OOMKilled', detection_source: 'integration', drill: false }), ...[1, 2, 3, 4, 5, 6].map(joined)];

  it('folds a run of alerts joining into one row, the opening alert and the declaration apart', () => {
    const rows = timelineTable(events, { fold: true }).split('\n').slice(1);
    expect(rows).toHaveLength(3);
    expect(rows[2]).toMatch(/alerts joined\s+prometheus\s+6 alerts joined this incident: Pod 1 OOMKilled, Pod 2 OOMKilled and 4 more$/);
  });

  it('lists every event without folding', () => {
    expect(timelineTable(events).split('\n')).toHaveLength(1 + events.length);
  });
});

describe('alertsTable', () => {
  it('shows the first rows, firing first, and says how many more', () => {
    const items = [alert(1, 'resolved'), ...Array.from({ length: 14 }, (_, i) => alert(i + 2))];
    const lines = alertsTable(items, { rows: 10 }).split('\n');
    expect(lines[0]).toBe('Alerts: 14 still firing of 15, 15 events');
    expect(lines.slice(2, 12).every((l) => l.startsWith('firing'))).toBe(true);
    expect(lines.at(-1)).toBe('… and 5 more (--all lists them)');
    expect(alertsTable(items).split('\n')).toHaveLength(2 + 15);
  });

  it('counts the incident’s totals where the API gave only its newest alerts', () => {
    const items = Array.from({ length: 200 }, (_, i) => alert(i));
    const lines = alertsTable(items, { rows: 10, totals: { alerts: 4_999, open: 4_998, events: 6_000 } }).split('\n');
    expect(lines[0]).toBe('Alerts: 4,998 still firing of 4,999, 6,000 events');
    expect(lines.at(-1)).toBe('… and 4,989 more (--all lists them)');
    expect(alertsTable([alert(1)], { totals: { alerts: 1, open: 1, events: 1 } }).split('\n')[0]).toBe('Alerts: 1 still firing of 1, 1 event');
  });
});
