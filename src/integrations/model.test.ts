import { describe, expect, it } from 'vitest';
import { parseAlertmanager, parseWebhook } from './alertmanager.js';
import { atPath, incidentSeverity, loneTriggers, severityWord, type IntakeEvent } from './model.js';
import { genieKeyOf, parseAddDetails, parseAddTags, parseCreate, parsePriority, parseRemoveDetails, parseRemoveTags } from './opsgenie.js';
import { parseAlertEvent, parseChangeEvent } from './pagerduty.js';
import { KeyRateLimit } from './rate-limit.js';

const trigger = (payload: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  routing_key: 'k',
  event_action: 'trigger',
  payload: { summary: 'Disk full', source: 'db-1', severity: 'critical', ...payload },
  ...extra,
});

describe('PagerDuty Events v2', () => {
  it('reads a trigger, generating the dedup key when absent and keeping what it carried', () => {
    const r = parseAlertEvent(trigger({ component: 'disk', custom_details: { used: '99%' }, timestamp: '2026-01-05T08:00:00Z' }, { client: 'Prom', links: [{ href: 'https://x' }] }), () => 'gen');
    expect(r).toEqual({
      ok: true,
      value: {
        action: 'trigger',
        dedup_key: 'gen',
        summary: 'Disk full',
        severity: 'critical',
        started_at: Date.parse('2026-01-05T08:00:00Z'),
        details: { source: 'db-1', links: [{ href: 'https://x' }], images: [], component: 'disk', custom_details: { used: '99%' }, client: 'Prom' },
      },
    });
  });

  it('needs a dedup key to acknowledge or resolve, but no payload', () => {
    expect(parseAlertEvent({ routing_key: 'k', event_action: 'resolve', dedup_key: 'd' }, () => 'gen')).toMatchObject({ ok: true, value: { action: 'resolve', dedup_key: 'd' } });
    expect(parseAlertEvent({ routing_key: 'k', event_action: 'acknowledge' }, () => 'gen')).toEqual({ ok: false, errors: ["'dedup_key' is required for acknowledge events"] });
  });

  it.each([
    [trigger({ severity: 'huge' }), 'payload.severity'],
    [trigger({ summary: '   ' }), 'payload.summary'],
    [trigger({ source: 7 }), 'payload.source'],
    [trigger({}, { event_action: 'page' }), 'event_action'],
    [trigger({}, { images: [{ href: 'x' }] }), 'images[0].src'],
    [trigger({}, { links: 'x' }), 'links'],
    [{ routing_key: 'k', event_action: 'trigger', payload: 'x' }, 'payload'],
  ])('refuses %j naming %s', (body, field) => {
    const r = parseAlertEvent(body, () => 'gen');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join(' ')).toContain(field);
  });

  it('reads change events', () => {
    expect(parseChangeEvent({ payload: { summary: 'Deploy v2', timestamp: '2026-01-05T08:00:00Z' } })).toMatchObject({ ok: true, value: { summary: 'Deploy v2', source: null, at: Date.parse('2026-01-05T08:00:00Z') } });
    expect(parseChangeEvent({ payload: { source: 'ci' } })).toEqual({ ok: false, errors: ["'payload.summary' is missing or blank"] });
  });
});

describe('Alertmanager and the generic webhook', () => {
  const alert = (status: string, labels: Record<string, string> = {}, annotations: Record<string, string> = {}) => ({ status, labels: { alertname: 'Down', ...labels }, annotations, fingerprint: 'f1', startsAt: '2026-01-05T08:00:00Z' });

  it('takes summary from the summary annotation, then description, then alertname; severity from its label', () => {
    const r = parseAlertmanager({ version: '4', alerts: [alert('firing', { severity: 'warning' }, { summary: 'S', description: 'D' }), alert('resolved', {}, { description: 'D' }), alert('firing')] });
    expect(r.ok && r.value.map((e) => [e.action, e.summary, e.severity])).toEqual([
      ['trigger', 'S', 'warning'],
      ['resolve', 'D', null],
      ['trigger', 'Down', null],
    ]);
  });

  it('refuses another payload version or alerts without fingerprints', () => {
    expect(parseAlertmanager({ version: '3', alerts: [] }).ok).toBe(false);
    expect(parseAlertmanager({ version: '4', alerts: [{ status: 'firing' }] }).ok).toBe(false);
  });

  it('reads a webhook through its mapping, resolving on the listed values', () => {
    const mapping = { summary: '$.a.title', severity: '$.a.sev', dedup_key: '$.a.id', status: 'state', resolve_values: ['OK'] };
    expect(parseWebhook({ state: 'ok', a: { title: 'T', id: 7 } }, mapping, 'gen')).toMatchObject({ ok: true, value: { action: 'resolve', dedup_key: '7', summary: 'T' } });
    expect(parseWebhook({ state: 'alerting', a: { title: 'T', sev: 'high' } }, mapping, 'gen')).toMatchObject({ ok: true, value: { action: 'trigger', dedup_key: 'gen', severity: 'critical' } });
    expect(parseWebhook({ state: 'alerting', a: {} }, mapping, 'gen').ok).toBe(false);
  });

  it('follows JSON paths through objects and arrays', () => {
    expect(atPath({ a: { b: [{ c: 1 }] } }, '$.a.b[0].c')).toBe(1);
    expect(atPath({ a: 1 }, 'a.b.c')).toBeUndefined();
  });

  it('reads only what the sender sent, never what every object inherits', () => {
    const sent = JSON.parse('{"alert":{"title":"Disk full","tags":["db"]}}') as unknown;
    expect(['$.alert.constructor.name', '$.alert.toString', 'alert.__proto__', '$.alert.tags.map', '$.alert.hasOwnProperty'].map((p) => atPath(sent, p))).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect([atPath(sent, '$.alert.title'), atPath(sent, '$.alert.tags[0]')]).toEqual(['Disk full', 'db']);
  });
});

describe('Opsgenie Alert API', () => {
  it('maps priorities to severities and keeps alias, tags and details', () => {
    const r = parseCreate({ message: 'M', alias: 'al', priority: 'P2', tags: ['t'], details: { k: 'v' } }, 'gen');
    expect(r).toMatchObject({ ok: true, value: { dedup_key: 'al', severity: 'error', details: { priority: 'P2', tags: ['t'], custom_details: { k: 'v' } } } });
    expect(parseCreate({ message: 'M' }, 'gen')).toMatchObject({ ok: true, value: { dedup_key: 'gen', severity: 'warning' } });
    expect(parseCreate({ priority: 'P0' }, 'gen')).toEqual({ ok: false, errors: { message: 'Message can not be empty.', priority: 'Priority should be one of [P1, P2, P3, P4, P5].' } });
  });

  it('reads the tags, details and priority of an update, and names the field that is wrong', () => {
    expect(parseAddTags({ tags: ['db', ' eu ', 'db', ''] })).toEqual({ ok: true, value: { value: ['db', 'eu'], said: {} } });
    expect(parseAddTags({ tags: ['db'], note: ' moved to prod ', user: 'ana' })).toEqual({ ok: true, value: { value: ['db'], said: { note: 'moved to prod', user: 'ana' } } });
    expect(parseAddTags({ tags: [], note: 7 })).toEqual({ ok: false, errors: { tags: 'Tags can not be empty.', note: 'Note must be a string.' } });
    expect(parseAddTags({ tags: [] })).toEqual({ ok: false, errors: { tags: 'Tags can not be empty.' } });
    expect(parseAddTags({ tags: 'db' })).toEqual({ ok: false, errors: { tags: 'Tags must be a list of strings.' } });
    expect(parseAddTags({ tags: ['x'.repeat(51)] })).toMatchObject({ ok: false, errors: { tags: 'Each tag must be at most 50 characters.' } });
    expect(parseAddTags({ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) })).toMatchObject({ ok: false, errors: { tags: 'At most 20 tags at a time.' } });
    expect(parseAddTags([])).toMatchObject({ ok: false, errors: { body: 'Request body must be a JSON object.' } });
    expect(parseRemoveTags({ tags: 'db,eu', user: 'ana' })).toEqual({ ok: true, value: { value: ['db', 'eu'], said: { user: 'ana' } } });
    expect(parseRemoveTags({})).toMatchObject({ ok: false, errors: { tags: 'Tags can not be empty.' } });
    expect(parseAddDetails({ details: { region: 'eu' } })).toEqual({ ok: true, value: { value: { region: 'eu' }, said: {} } });
    expect(parseAddDetails({ details: { n: 1 } })).toMatchObject({ ok: false, errors: { details: 'Details must be an object of string values.' } });
    expect(parseAddDetails({ details: {} })).toMatchObject({ ok: false, errors: { details: 'Details can not be empty.' } });
    expect(parseRemoveDetails({ keys: 'a, b,,a' })).toEqual({ ok: true, value: { value: ['a', 'b'], said: {} } });
    expect(parseRemoveDetails({ keys: ' , ' })).toMatchObject({ ok: false, errors: { keys: 'Keys can not be empty.' } });
    expect(parsePriority({ priority: 'P1' })).toEqual({ ok: true, value: 'P1' });
    expect(parsePriority({ priority: 'p1' })).toMatchObject({ ok: false, errors: { priority: 'Priority should be one of [P1, P2, P3, P4, P5].' } });
    expect(parsePriority({ priority: 'toString' })).toMatchObject({ ok: false });
  });

  it('reads the GenieKey header, or the apiKey query parameter', () => {
    expect(genieKeyOf('GenieKey abc', {})).toBe('abc');
    expect(genieKeyOf('Bearer abc', {})).toBeNull();
    expect(genieKeyOf(undefined, { apiKey: 'q' })).toBe('q');
  });
});

describe('severities and rate limits', () => {
  it('maps sender severities to incident severities, falling back to the key’s default, then error', () => {
    expect(incidentSeverity('critical', { default_severity: null })).toBe('SEV-2');
    expect(incidentSeverity(null, { default_severity: 'info' })).toBe('info');
    expect(incidentSeverity(null, { default_severity: null })).toBe('SEV-3');
    expect(severityWord('WARN')).toBe('warning');
    expect(severityWord('banana')).toBeNull();
  });

  it('gives each key its own allowance per minute and says when to retry', () => {
    const limit = new KeyRateLimit(3);
    const t = 1_767_225_630_000; // 30 s into a minute
    expect([1, 2, 3, 4].map(() => limit.take('a', 1, t))).toEqual([0, 0, 0, 30]);
    expect(limit.take('b', 1, t)).toBe(0);
    expect(limit.take('a', 1, t + 30_000)).toBe(0);
  });
});

describe('loneTriggers (a commit group\'s repeats counted up front)', () => {
  const ev = (action: IntakeEvent['action'], dedup_key: string): IntakeEvent => ({ action, dedup_key, summary: 's', severity: null, started_at: null, details: {} });
  const unit = (keyId: string, ...events: IntakeEvent[]) => ({ key: { id: keyId, service_id: `svc_${keyId}` }, events });

  it('takes requests of one trigger, each naming the alert it repeats (scoped to its key)', () => {
    expect(loneTriggers([unit('k1', ev('trigger', 'a')), unit('k2', ev('trigger', 'a'))], () => true)).toEqual([
      { service_id: 'svc_k1', dedup_key: 'k1:a' },
      { service_id: 'svc_k2', dedup_key: 'k2:a' },
    ]);
  });

  it('leaves in order an alert that another request acknowledges, resolves or sends among others', () => {
    const units = [unit('k', ev('trigger', 'a')), unit('k', ev('resolve', 'a')), unit('k', ev('trigger', 'b')), unit('k', ev('trigger', 'b'), ev('trigger', 'c')), unit('k', ev('trigger', 'c')), unit('k', ev('trigger', 'd'))];
    expect(loneTriggers(units, () => true)).toEqual([null, null, null, null, null, { service_id: 'svc_k', dedup_key: 'k:d' }]);
  });

  it('leaves a trigger a suppression rule applies to, and units without a description', () => {
    expect(loneTriggers([unit('k', ev('trigger', 'a')), undefined, unit('k', ev('trigger', 'b'))], (_u, e) => e.dedup_key !== 'a')).toEqual([null, null, { service_id: 'svc_k', dedup_key: 'k:b' }]);
  });
});
