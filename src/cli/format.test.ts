import { InvalidArgumentError } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { incidentRef, severityArg } from '../incidents/cli-args.js';
import { eventSummary, incidentTable, type Incident } from '../incidents/cli-view.js';
import { forTerminal, table } from './output.js';
import { listOf, oneOf, redactUrl } from './common.js';

describe('cli argument parsers', () => {
  it('reads severities in the forms people type', () => {
    for (const raw of ['SEV-2', 'sev-2', 'sev2', '2', ' SEV-2 ']) expect(severityArg(raw)).toBe('SEV-2');
    for (const raw of ['SEV-9', 'SEV-0', 'high', '']) expect(() => severityArg(raw)).toThrow(InvalidArgumentError);
  });

  it('takes an incident by number, #number or id', () => {
    expect(incidentRef('#42')).toBe('42');
    expect(incidentRef('inc_abc')).toBe('inc_abc');
    expect(incidentRef('a/b')).toBe('a%2Fb');
    expect(() => incidentRef(' ')).toThrow(InvalidArgumentError);
  });

  it('collects comma lists and repeats, refusing unknown values', () => {
    const parse = listOf(oneOf(['triggered', 'resolved']));
    expect(parse('Triggered,resolved', [])).toEqual(['triggered', 'resolved']);
    expect(parse('resolved', ['triggered'])).toEqual(['triggered', 'resolved']);
    expect(() => parse('open', [])).toThrow(/Use one of triggered, resolved/);
  });

  it('hides a database password before printing the URL', () => {
    expect(redactUrl('postgres://tocsin:s3cret@db/tocsin')).toBe('postgres://tocsin:***@db/tocsin');
    expect(redactUrl('sqlite:./data/tocsin.db')).toBe('sqlite:./data/tocsin.db');
  });
});

const incident = (over: Partial<Incident>): Incident => ({
  id: 'inc_1',
  number: 1,
  title: 'Incident',
  severity: 'SEV-3',
  status: 'triggered',
  detection_source: 'internal',
  allowed_actions: [],
  drill: false,
  services: [],
  impact: { users_affected: null, functionality_broken: '', data_at_risk: false },
  hypothesis: '',
  root_cause_category: null,
  started_at: '2026-01-05T09:00:00.000Z',
  detected_at: '2026-01-05T09:00:00.000Z',
  acknowledged_at: null,
  acknowledged_by: null,
  mitigated_at: null,
  resolved_at: null,
  closed_at: null,
  roles: { commander: null, technical_leads: [], communications_lead: null },
  created_at: '2026-01-05T09:00:00.000Z',
  updated_at: '2026-01-05T09:00:00.000Z',
  ...over,
});

describe('cli output', () => {
  // Unit files share their worker's process (vitest.config.ts): set for these tests only.
  beforeAll(() => void vi.stubEnv('NO_COLOR', '1'));
  afterAll(() => void vi.unstubAllEnvs());
  it('aligns table columns', () => {
    expect(table(['a', 'bb'], [['xxx', 'y']])).toBe('A    BB\nxxx  y');
  });

  it('says what a timeline event did', () => {
    expect(eventSummary({ kind: 'severity_changed', data: { from: 'SEV-3', to: 'SEV-1', reason: 'spreading' } })).toBe('SEV-3 → SEV-1: spreading');
    expect(eventSummary({ kind: 'acknowledged', data: { from: 'triggered', to: 'acknowledged', note: 'on it' } })).toBe('triggered → acknowledged: on it');
    expect(eventSummary({ kind: 'role_assigned', data: { role: 'commander', user: { id: 'u', name: 'Ada' }, previous: null } })).toBe('commander Ada');
    expect(eventSummary({ kind: 'note', data: { text: 'hello' } })).toBe('hello');
  });

  it('lists incidents with clear severities and the next page', () => {
    const page = { items: [incident({ number: 7, title: 'Down', severity: 'SEV-1', services: [{ id: 's', name: 'api' }] })], next_cursor: 'abc' };
    const out = incidentTable(page);
    expect(out).toMatch(/#7\s+SEV-1 critical\s+triggered\s+Down\s+2026-01-0[456] \d\d:\d\d:00 \S+\s+api/);
    expect(out).toContain('--cursor abc');
    expect(incidentTable({ items: [], next_cursor: null })).toBe('No incidents match.');
  });

  it('adds who is paged on open incidents when told, loud where nobody can be reached', () => {
    const page = { items: [incident({ id: 'inc_a', number: 8, title: 'Slow' }), incident({ id: 'inc_b', number: 9, title: 'Gone', status: 'resolved' })], next_cursor: null };
    const out = incidentTable(page, new Map([['inc_a', { tone: 'unreachable' as const, text: 'Cannot reach Bo' }]]));
    expect(out.split('\n')[0]).toMatch(/SERVICES\s+PAGING$/);
    expect(out).toMatch(/#8 .*Slow.*\s! Cannot reach Bo$/m);
    expect(out).toMatch(/#9 .*Gone.*\s-$/m);
    expect(incidentTable(page, new Map([['inc_a', { tone: 'paging' as const, text: 'Paging Ada' }]]))).toMatch(/#8 .*\sPaging Ada$/m);
  });
});

describe('what reaches the terminal', () => {
  // An alert's summary comes from whoever holds a routing key: its escapes must not act.
  const hostile = 'Disk full \u001b]52;c;cHduZWQ=\u0007 \u001b[2J\rok\u009b31m';

  it('shows control characters as \\xNN, keeping tabs, line ends and CSV line ends', () => {
    expect(forTerminal(hostile, false)).toBe('Disk full \\x1b]52;c;cHduZWQ=\\x07 \\x1b[2J\\x0dok\\x9b31m');
    expect(forTerminal('a\tb\nc\r\nd', false)).toBe('a\tb\nc\r\nd');
  });

  it('keeps a table aligned when a cell holds one', () => {
    const lines = table(['title', 'status'], [['Disk\u0007 full', 'open'], ['Fine', 'open']]).split('\n');
    expect(lines.slice(1)).toEqual(['Disk\\x07 full  open', 'Fine           open']);
  });

  it('keeps each table row on one line when a cell holds line breaks', () => {
    const lines = table(['title', 'status'], [['Disk full\r\non db-1\nnow', 'open']]).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('Disk full on db-1 now  open');
  });

  it('lets through only its own colours, and only when colours are on', () => {
    expect(forTerminal('\u001b[31mSEV-2\u001b[0m \u001b[5mblink\u001b[0m', true)).toBe('\u001b[31mSEV-2\u001b[0m \\x1b[5mblink\u001b[0m');
    expect(forTerminal('\u001b[31mSEV-2\u001b[0m', false)).toBe('\\x1b[31mSEV-2\\x1b[0m');
  });
});
