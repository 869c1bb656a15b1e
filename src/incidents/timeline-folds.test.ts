import { describe, expect, it } from 'vitest';
import { foldRuns, resolvedWhat, revisedWhat, runSentence } from './timeline-folds.js';

type TimelineEvent = { id: string; kind: string; at: string; data: Record<string, unknown> };

let n = 0;
const ev = (kind: string, data: Record<string, unknown> = {}): TimelineEvent => ({ id: `tl_${++n}`, at: '2026-12-01T04:00:00.000Z', kind, data });
const joined = (i: number) => ev('alert_opened', { summary: `Disk full on db-${i}`, joined: true });
const shape = (lines: ReturnType<typeof foldRuns>) => lines.map((l) => ('run' in l ? `run:${l.run.length}` : l.one.kind));

describe('foldRuns', () => {
  it('folds four or more alerts joining in a row, and keeps the opening alert and what people did as lines', () => {
    const lines = foldRuns([ev('alert_opened', { summary: 'first', joined: false }), ev('declared'), ev('paged'), ...[1, 2, 3, 4, 5].map(joined), ev('acknowledged'), joined(6)]);
    expect(shape(lines)).toEqual(['alert_opened', 'declared', 'paged', 'run:5', 'acknowledged', 'alert_opened']);
  });
  it('leaves a short run alone, and never folds across another kind', () => {
    expect(shape(foldRuns([joined(1), joined(2), joined(3)]))).toEqual(['alert_opened', 'alert_opened', 'alert_opened']);
    const resolved = (i: number) => ev('alert_resolved', { summary: `db-${i}` });
    expect(shape(foldRuns([joined(1), joined(2), resolved(1), resolved(2), resolved(3), resolved(4), ev('note')]))).toEqual(['alert_opened', 'alert_opened', 'run:4', 'note']);
  });
  it('is empty for no events, and the minimum run is a parameter', () => {
    expect(foldRuns([])).toEqual([]);
    expect(shape(foldRuns([joined(1), joined(2)], 2))).toEqual(['run:2']);
  });
});

describe('runSentence', () => {
  it('counts the run and names the first two', () => {
    expect(runSentence([1, 2, 3, 4, 5].map(joined))).toBe('5 alerts joined this incident: Disk full on db-1, Disk full on db-2 and 3 more');
    expect(runSentence([ev('alert_resolved', { summary: 'a' }), ev('alert_resolved', { summary: 'b' })])).toBe('2 alerts resolved: a, b');
  });

  it('groups the thousands of a storm’s run', () => {
    expect(runSentence(Array.from({ length: 4_999 }, (_, i) => joined(i)))).toBe('4,999 alerts joined this incident: Disk full on db-0, Disk full on db-1 and 4,997 more');
  });
});

describe('resolvedWhat', () => {
  it('names the alert and how it resolved, the how lowered unless it starts with an acronym', () => {
    expect(resolvedWhat({ summary: 'Resolved by its sender', alert_summary: 'Disk full on db-1' })).toBe('Disk full on db-1 (resolved by its sender)');
    expect(resolvedWhat({ summary: 'HTTP 200 from every location', alert_summary: 'Shop home down' })).toBe('Shop home down (HTTP 200 from every location)');
  });
  it('says the summary once when both are the same, and what it has for a resolve recorded before alert_summary', () => {
    expect(resolvedWhat({ summary: 'Disk full on db-1', alert_summary: 'Disk full on db-1' })).toBe('Disk full on db-1');
    expect(resolvedWhat({ summary: 'Resolved by its sender' })).toBe('Resolved by its sender');
  });
  it('names the alerts of a folded run of resolves, not how each resolved', () => {
    const resolved = (i: number) => ev('alert_resolved', { summary: 'Resolved by its sender', alert_summary: `Pod ${i} crash looping` });
    expect(runSentence([1, 2, 3, 4].map(resolved))).toBe('4 alerts resolved: Pod 1 crash looping, Pod 2 crash looping and 2 more');
  });
});

describe('revisedWhat', () => {
  it('says what the summary and the description said before and after', () => {
    expect(revisedWhat({ summary: 'Search latency critical', previous_summary: 'Search latency high' })).toBe('“Search latency high” → “Search latency critical”');
    expect(revisedWhat({ summary: 'x', description: 'p99 4.8 s', previous_description: 'p99 1.2 s' })).toBe('description “p99 1.2 s” → “p99 4.8 s”');
    expect(revisedWhat({ summary: 'x', description: 'p99 4.8 s', previous_description: null })).toBe('description set: “p99 4.8 s”');
    expect(revisedWhat({ summary: 'b', previous_summary: 'a', description: 'd', previous_description: 'c' })).toBe('“a” → “b”; description “c” → “d”');
  });
  it('says a priority, tags and custom details changed, each as the sender changed it', () => {
    expect(revisedWhat({ summary: 'x', priority: 'P1', previous_priority: 'P3' })).toBe('priority P3 → P1');
    expect(revisedWhat({ summary: 'x', priority: 'P2', previous_priority: null })).toBe('priority P2');
    expect(revisedWhat({ summary: 'x', tags_added: ['db', 'eu'], tags_removed: ['staging'] })).toBe('tags +db, +eu, −staging');
    expect(revisedWhat({ summary: 'x', details_set: { region: 'eu-west-1' }, details_removed: ['runbook'] })).toBe('details region = “eu-west-1”, runbook removed');
    expect(revisedWhat({ summary: 'x', tags_added: ['prod'], note: 'it is prod after all', user: 'ana' })).toBe('tags +prod — “it is prod after all” (ana)');
  });
  it('cuts long words at 160 characters on the line (the event keeps them whole)', () => {
    const line = revisedWhat({ summary: 'x', description: 'y'.repeat(500), previous_description: null });
    expect(line).toBe(`description set: “${'y'.repeat(159)}…”`);
  });
});
