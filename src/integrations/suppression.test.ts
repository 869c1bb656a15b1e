import { describe, expect, it } from 'vitest';
import type { IntakeEvent } from './model.js';
import { suppressingRule, type Rule } from './suppression.js';

const key = { id: 'ikey_1', type: 'alertmanager' as const, service_id: 'svc_1', default_severity: null };
const event = (extra: Partial<IntakeEvent> = {}): IntakeEvent => ({
  action: 'trigger',
  dedup_key: 'fp1',
  summary: 'Disk full',
  severity: 'warning',
  started_at: null,
  details: { labels: { env: 'staging', alertname: 'DiskFull' }, custom_details: { region: 'eu' } },
  ...extra,
});
const rule = (extra: Partial<Rule> = {}): Rule => ({ id: 'sup_1', service_id: null, source: null, severity: null, match: [], action: 'drop', ...extra });

describe('suppression rules', () => {
  it('match a trigger on service, source (key id or type), severity and field equality', () => {
    const staging = rule({ service_id: 'svc_1', source: 'alertmanager', severity: 'warning', match: [['labels.env', 'staging']] });
    expect(suppressingRule([staging], key, event())).toBe(staging);
    expect(suppressingRule([rule({ source: 'ikey_1', match: [['custom_details.region', 'eu'], ['summary', 'Disk full']] })], key, event())?.id).toBe('sup_1');
  });

  it('do not match when any condition fails', () => {
    for (const r of [rule({ service_id: 'svc_2' }), rule({ source: 'pagerduty' }), rule({ source: 'ikey_2' }), rule({ severity: 'critical' }), rule({ match: [['labels.env', 'production']] }), rule({ match: [['labels.team', 'x']] })])
      expect(suppressingRule([r], key, event())).toBeNull();
  });

  it('take the sender’s severity, else the key’s default, else error', () => {
    expect(suppressingRule([rule({ severity: 'error' })], key, event({ severity: null }))).not.toBeNull();
    expect(suppressingRule([rule({ severity: 'info' })], { ...key, default_severity: 'info' }, event({ severity: null }))).not.toBeNull();
  });

  it('never suppress an acknowledge or resolve, and the oldest matching rule wins', () => {
    expect(suppressingRule([rule()], key, event({ action: 'resolve' }))).toBeNull();
    expect(suppressingRule([rule({ id: 'a', action: 'quiet' }), rule({ id: 'b' })], key, event())?.id).toBe('a');
  });
});
