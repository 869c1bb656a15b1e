import { describe, expect, it } from 'vitest';
import { countRepeats, DEFAULT_ALERT_SETTINGS, incidentToJoin, labelValue, outcomeWhenResolved, reviseAlert, toAlertSettings, type AlertSettings, type GroupCandidate } from './model.js';

const now = 1_767_225_600_000;
const min = 60_000;
const settings = (s: Partial<AlertSettings> = {}): AlertSettings => ({ ...DEFAULT_ALERT_SETTINGS, ...s });
const open = (incident_id: string, openedMinutesAgo: number, labels: Record<string, string> | null = {}): GroupCandidate => ({
  incident_id,
  opened_at: now - openedMinutesAgo * min,
  first_alert_details: labels && { labels },
});

describe('incidentToJoin', () => {
  it('joins the newest open incident opened within the window', () => {
    expect(incidentToJoin([open('inc_old', 50), open('inc_new', 10)], {}, settings(), now)).toBe('inc_new');
    expect(incidentToJoin([open('inc_1', 60)], {}, settings(), now)).toBe('inc_1');
  });

  it('opens a new incident when every open one was opened before the window', () => {
    expect(incidentToJoin([open('inc_1', 61)], {}, settings(), now)).toBeNull();
    expect(incidentToJoin([open('inc_1', 20)], {}, settings({ grouping_window_minutes: 15 }), now)).toBeNull();
    expect(incidentToJoin([], {}, settings(), now)).toBeNull();
  });

  it('joins only the incident whose first alert has the same grouping label values', () => {
    const s = settings({ grouping_labels: ['cluster'] });
    const candidates = [open('inc_eu', 5, { cluster: 'eu-1' }), open('inc_us', 2, { cluster: 'us-1' })];
    expect(incidentToJoin(candidates, { labels: { cluster: 'eu-1' } }, s, now)).toBe('inc_eu');
    expect(incidentToJoin(candidates, { labels: { cluster: 'us-1' } }, s, now)).toBe('inc_us');
    expect(incidentToJoin(candidates, { labels: { cluster: 'ap-1' } }, s, now)).toBeNull();
  });

  it('needs every grouping label to match, a missing one matching only a missing one', () => {
    const s = settings({ grouping_labels: ['cluster', 'env'] });
    expect(incidentToJoin([open('inc_1', 5, { cluster: 'eu-1', env: 'prod' })], { labels: { cluster: 'eu-1' } }, s, now)).toBeNull();
    expect(incidentToJoin([open('inc_1', 5, { cluster: 'eu-1' })], { labels: { cluster: 'eu-1' } }, s, now)).toBe('inc_1');
    // An incident declared by hand has no first alert: only alerts without those labels join it.
    expect(incidentToJoin([open('inc_manual', 5, null)], { labels: { cluster: 'eu-1' } }, s, now)).toBeNull();
    expect(incidentToJoin([open('inc_manual', 5, null)], {}, s, now)).toBe('inc_manual');
  });
});

describe('labelValue', () => {
  it('reads labels, custom details, top-level and dotted fields as text', () => {
    expect(labelValue({ labels: { cluster: 'eu-1' } }, 'cluster')).toBe('eu-1');
    expect(labelValue({ custom_details: { cluster: 'us-1' } }, 'cluster')).toBe('us-1');
    expect(labelValue({ component: 'db' }, 'component')).toBe('db');
    expect(labelValue({ custom_details: { host: { rack: 7 } } }, 'host.rack')).toBe('7');
    expect(labelValue({ labels: { cluster: '  ' } }, 'cluster')).toBeNull();
    expect(labelValue({ labels: { cluster: { nested: 'x' } } }, 'cluster')).toBeNull();
    expect(labelValue({}, 'cluster')).toBeNull();
  });
});

describe('outcomeWhenResolved', () => {
  it('resolves or mitigates as the service says, only once the last alert resolved and only where allowed', () => {
    expect(outcomeWhenResolved(0, true, settings())).toBe('resolve');
    expect(outcomeWhenResolved(0, true, settings({ on_all_alerts_resolved: 'mitigate' }))).toBe('mitigate');
    expect(outcomeWhenResolved(1, true, settings())).toBeNull();
    expect(outcomeWhenResolved(0, false, settings({ on_all_alerts_resolved: 'mitigate' }))).toBeNull();
  });
});

describe('toAlertSettings', () => {
  it('gives the defaults for a service without settings and reads a stored row', () => {
    expect(toAlertSettings(undefined)).toEqual({ grouping_window_minutes: 60, grouping_labels: [], on_all_alerts_resolved: 'resolve' });
    const row = { service_id: 'svc_1', grouping_window_minutes: 30, grouping_labels: '["cluster"]', on_all_alerts_resolved: 'mitigate' as const, updated_at: now };
    expect(toAlertSettings(row)).toEqual({ grouping_window_minutes: 30, grouping_labels: ['cluster'], on_all_alerts_resolved: 'mitigate' });
  });
});

describe('countRepeats', () => {
  it('counts each alert once with its number of repeats, sorted so concurrent groups lock in one order', () => {
    const keys = [
      { service_id: 'svc_b', dedup_key: 'x' },
      { service_id: 'svc_a', dedup_key: 'y' },
      { service_id: 'svc_b', dedup_key: 'x' },
      { service_id: null, dedup_key: 'x' },
      { service_id: 'svc_a', dedup_key: 'x' },
    ];
    expect(countRepeats(keys)).toEqual([
      { service_id: null, dedup_key: 'x', n: 1 },
      { service_id: 'svc_a', dedup_key: 'x', n: 1 },
      { service_id: 'svc_a', dedup_key: 'y', n: 1 },
      { service_id: 'svc_b', dedup_key: 'x', n: 2 },
    ]);
  });
});

describe('reviseAlert', () => {
  const alert = { summary: 'Disk full on db-1', severity: 'SEV-3' as const, details: { priority: 'P3', tags: ['db', 'staging'], custom_details: { host: 'db-1' }, entity: 'db-1' } };

  it('writes nothing when nothing would change: the same words, tags it has, details as they are, the same priority', () => {
    expect(reviseAlert(alert, { summary: 'Disk full on db-1' })).toBeNull();
    expect(reviseAlert(alert, { tags: { add: ['db'], remove: ['prod'] } })).toBeNull();
    expect(reviseAlert(alert, { details: { set: { host: 'db-1' }, remove: ['region'] } })).toBeNull();
    expect(reviseAlert(alert, { priority: { name: 'P3', sender: 'warning', severity: 'SEV-3' } })).toBeNull();
  });

  it('adds and removes tags in order, once each, and says which', () => {
    const r = reviseAlert(alert, { tags: { add: ['eu', 'db', 'eu'], remove: ['staging'] } })!;
    expect(r.details.tags).toEqual(['db', 'eu']);
    expect(r.fact).toEqual({ tags_added: ['eu'], tags_removed: ['staging'] });
    expect(r.details.entity).toBe('db-1');
  });

  it('sets and removes custom details, keeping the rest, and says only what changed', () => {
    const r = reviseAlert(alert, { details: { set: { host: 'db-1', region: 'eu-west-1' } } })!;
    expect(r.details.custom_details).toEqual({ host: 'db-1', region: 'eu-west-1' });
    expect(r.fact).toEqual({ details_set: { region: 'eu-west-1' } });
    const removed = reviseAlert(alert, { details: { remove: ['host'] } })!;
    expect(removed.details.custom_details).toEqual({});
    expect(removed.fact).toEqual({ details_removed: ['host'] });
  });

  it('changes the priority and the severity it stands for, and says what it was', () => {
    const r = reviseAlert(alert, { priority: { name: 'P1', sender: 'critical', severity: 'SEV-2' } })!;
    expect(r).toMatchObject({ severity: 'SEV-2', details: { priority: 'P1' }, fact: { priority: 'P1', previous_priority: 'P3' } });
    // The severity word the sender's create left is kept in step: the alert says what it is now.
    expect(reviseAlert({ ...alert, details: { ...alert.details, severity: 'warning' } }, { priority: { name: 'P1', sender: 'critical', severity: 'SEV-2' } })!.details.severity).toBe('critical');
    expect(r.details).not.toHaveProperty('severity');
    expect(reviseAlert({ ...alert, details: {} }, { priority: { name: 'P5', sender: 'info', severity: 'info' } })!.fact).toEqual({ priority: 'P5', previous_priority: null });
  });

  it('leaves the alert it was given as it was', () => {
    const before = structuredClone(alert);
    reviseAlert(alert, { summary: 'x', description: 'd', tags: { add: ['n'] }, details: { set: { a: 'b' } }, priority: { name: 'P1', sender: 'critical', severity: 'SEV-2' } });
    expect(alert).toEqual(before);
  });
});
