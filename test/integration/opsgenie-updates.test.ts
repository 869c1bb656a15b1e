import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';
import { alertsOf, counts, genieClient, incident, serviceWithKey, type Actor } from './intake-helpers.js';

// What scripts on Opsgenie's API change on an open alert after creating it: tags and custom
// details added or removed, and its priority; each on the incident's timeline with what it replaced.

describeEachDatabase('intake: Opsgenie alert updates (tags, details, priority)', (h) => {
  let admin: Actor;
  let viewer: Actor;
  beforeAll(async () => {
    admin = await h.actor('admin');
    viewer = await h.actor('viewer');
  });
  const og = (key: string) => genieClient(h, key);
  const revisions = async (incidentId: string) =>
    (await h.call('GET', `/api/v1/incidents/${incidentId}/timeline`, { token: viewer.token })).json().items.filter((e: { kind: string }) => e.kind === 'alert_revised').map((e: { data: Record<string, unknown> }) => e.data);

  it('adds and removes tags and details and changes the priority, by alias or id; the timeline says each change once', async () => {
    const { key } = await serviceWithKey(h, admin, 'orders-api', 'opsgenie');
    const api = og(key.key);
    expect((await api.call('POST', '/v2/alerts', { message: 'Orders queue backing up', alias: 'orders-q', priority: 'P3', tags: ['queue', 'staging'], details: { depth: '12000' } })).statusCode).toBe(202);
    const [alert] = await alertsOf(h, viewer.token, key.id);
    expect(alert).toMatchObject({ severity: 'SEV-4', incident_id: expect.any(String) });

    const tagged = await api.call('POST', '/v2/alerts/orders-q/tags?identifierType=alias', { tags: ['prod', 'eu', 'queue'], user: 'ana', note: 'found it is prod' });
    expect(tagged.statusCode, tagged.body).toBe(202);
    expect(await api.status(tagged.json().requestId)).toMatchObject({ success: true, action: 'AddTags', status: 'Updated alert', alertId: alert!.id });
    const untagged = await api.call('DELETE', `/v2/alerts/${alert!.id}/tags?tags=staging,nope&user=bo`);
    expect(await api.status(untagged.json().requestId)).toMatchObject({ success: true, action: 'RemoveTags', alertId: alert!.id });
    const detailed = await api.call('POST', `/v2/alerts/${alert!.id}/details`, { details: { region: 'eu-west-1', depth: '15000' } });
    expect(await api.status(detailed.json().requestId)).toMatchObject({ success: true, action: 'AddDetails' });
    const undetailed = await api.call('DELETE', '/v2/alerts/orders-q/details?identifierType=alias&keys=region');
    expect(await api.status(undetailed.json().requestId)).toMatchObject({ success: true, action: 'RemoveDetails' });
    const raised = await api.call('PUT', '/v2/alerts/orders-q/priority?identifierType=alias', { priority: 'P1' });
    expect(await api.status(raised.json().requestId)).toMatchObject({ success: true, action: 'UpdatePriority', status: 'Updated alert' });

    // As Opsgenie shows the alert, and as Tocsin keeps it: the priority is the alert's severity
    // now (P1 → critical → SEV-2 by the default map); the incident's stays the commander's call.
    const shown = (await api.call('GET', '/v2/alerts/orders-q?identifierType=alias')).json().data;
    expect(shown).toMatchObject({ id: alert!.id, priority: 'P1', tags: ['queue', 'prod', 'eu'], details: { depth: '15000' } });
    expect(shown.details).not.toHaveProperty('region');
    expect((await alertsOf(h, viewer.token, key.id))[0]).toMatchObject({ id: alert!.id, severity: 'SEV-2', events: 1, details: { priority: 'P1', severity: 'critical' } });
    expect((await incident(h, viewer.token, alert!.incident_id!)).severity).toBe('SEV-4');

    const from = { alert_id: alert!.id, summary: 'Orders queue backing up', source: 'opsgenie', integration_key_id: key.id };
    expect(await revisions(alert!.incident_id!)).toEqual([
      { ...from, tags_added: ['prod', 'eu'], note: 'found it is prod', user: 'ana' },
      { ...from, tags_removed: ['staging'], user: 'bo' },
      { ...from, details_set: { region: 'eu-west-1', depth: '15000' } },
      { ...from, details_removed: ['region'] },
      { ...from, priority: 'P1', previous_priority: 'P3' },
    ]);
    const lines = (await h.call('GET', `/api/v1/incidents/${alert!.incident_id}/timeline`, { token: viewer.token })).json().items;
    expect(lines.filter((e: { kind: string }) => e.kind === 'alert_revised')).toHaveLength(5);

    // The same changes again change nothing and write nothing; so does any change once it is closed.
    const before = await counts(h);
    for (const [method, path, body] of [
      ['POST', '/v2/alerts/orders-q/tags?identifierType=alias', { tags: ['prod'] }],
      ['DELETE', '/v2/alerts/orders-q/tags?identifierType=alias&tags=staging', undefined],
      ['POST', '/v2/alerts/orders-q/details?identifierType=alias', { details: { depth: '15000' } }],
      ['PUT', '/v2/alerts/orders-q/priority?identifierType=alias', { priority: 'P1' }],
    ] as const) expect((await api.call(method, path, body)).statusCode).toBe(202);
    expect(await counts(h)).toEqual(before);
    // A note sent with a change that changes nothing is still kept, as a note on the incident.
    expect((await api.call('POST', '/v2/alerts/orders-q/tags?identifierType=alias', { tags: ['prod'], note: 'prod, as we thought', user: 'ana' })).statusCode).toBe(202);
    const notes = (await h.call('GET', `/api/v1/incidents/${alert!.incident_id}/timeline`, { token: viewer.token })).json().items.filter((e: { kind: string }) => e.kind === 'note');
    expect(notes.map((e: { data: { text: string } }) => e.data.text)).toEqual(['prod, as we thought (ana, via Opsgenie API)']);
    expect(await revisions(alert!.incident_id!)).toHaveLength(5);
    expect((await api.call('POST', '/v2/alerts/orders-q/close?identifierType=alias', {})).statusCode).toBe(202);
    const late = await api.call('POST', '/v2/alerts/orders-q/tags?identifierType=alias', { tags: ['late'] });
    expect(await api.status(late.json().requestId)).toMatchObject({ success: false, action: 'AddTags', status: 'Alert does not exist' });
    expect((await alertsOf(h, viewer.token, key.id))[0]!.details.tags).toEqual(['queue', 'prod', 'eu']);
  });

  it('acts on an alert named by id only while it is open, never on the newer alert its alias opened since', async () => {
    const { key } = await serviceWithKey(h, admin, 'cart-api', 'opsgenie');
    const api = og(key.key);
    expect((await api.call('POST', '/v2/alerts', { message: 'Cart errors', alias: 'cart-5xx', tags: ['cart'] })).statusCode).toBe(202);
    const [first] = await alertsOf(h, viewer.token, key.id);
    expect((await api.call('POST', `/v2/alerts/${first!.id}/close`, {})).statusCode).toBe(202);
    h.clock.advance(1_000);
    expect((await api.call('POST', '/v2/alerts', { message: 'Cart errors again', alias: 'cart-5xx' })).statusCode).toBe(202);
    const second = (await alertsOf(h, viewer.token, key.id)).find((a) => a.id !== first!.id)!;
    expect(second.status).toBe('open');

    const statuses: Record<string, unknown>[] = [];
    for (const [method, suffix, body] of [
      ['POST', 'close', {}],
      ['POST', 'acknowledge', {}],
      ['POST', 'tags', { tags: ['stale'] }],
      ['PUT', 'priority', { priority: 'P1' }],
      ['PUT', 'message', { message: 'renamed' }],
    ] as const) {
      const res = await api.call(method, `/v2/alerts/${first!.id}/${suffix}`, body);
      expect(res.statusCode).toBe(202);
      statuses.push(await api.status(res.json().requestId));
    }
    // Closing a closed alert is done; the rest did not happen, and each says why.
    expect(statuses.map((s) => [s.action, s.success, s.status, s.alertId])).toEqual([
      ['Close', true, 'Alert is closed: nothing changed', first!.id],
      ['Acknowledge', false, 'Alert is closed: nothing changed', first!.id],
      ['AddTags', false, 'Alert is closed: nothing changed', first!.id],
      ['UpdatePriority', false, 'Alert is closed: nothing changed', first!.id],
      ['UpdateMessage', false, 'Alert is closed: nothing changed', first!.id],
    ]);
    const now = (await alertsOf(h, viewer.token, key.id)).find((a) => a.id === second.id)!;
    expect(now).toMatchObject({ status: 'open', acknowledged_at: null, summary: 'Cart errors again', severity: second.severity });
    expect(now.details.tags).toEqual([]);
    // A note by id goes on the closed alert's incident, where the people who handled it look.
    const note = await api.call('POST', `/v2/alerts/${first!.id}/notes`, { note: 'root cause: bad deploy' });
    expect(await api.status(note.json().requestId)).toMatchObject({ success: true, status: 'Added note', alertId: first!.id });
    const texts = (await h.call('GET', `/api/v1/incidents/${first!.incident_id}/timeline`, { token: viewer.token })).json().items.map((e: { data: { text?: string } }) => e.data.text);
    expect(texts).toContain('root cause: bad deploy');
  });

  it('refuses a bad update with the field named, 401 without a key, and changes nothing', async () => {
    const { key } = await serviceWithKey(h, admin, 'search-api', 'opsgenie');
    const { key: other } = await serviceWithKey(h, admin, 'mail-api', 'opsgenie');
    const api = og(key.key);
    expect((await api.call('POST', '/v2/alerts', { message: 'Search slow', alias: 's-1', tags: ['search'] })).statusCode).toBe(202);
    const [alert] = await alertsOf(h, viewer.token, key.id);
    const before = await counts(h);
    const cases: Array<['POST' | 'PUT' | 'DELETE', string, unknown, string]> = [
      ['POST', '/v2/alerts/s-1/tags?identifierType=alias', { tags: [] }, 'tags'],
      ['POST', '/v2/alerts/s-1/tags?identifierType=alias', { tags: 'a,b' }, 'tags'],
      ['POST', '/v2/alerts/s-1/tags?identifierType=alias', { tags: ['x'.repeat(51)] }, 'tags'],
      ['POST', '/v2/alerts/s-1/tags?identifierType=alias', ['a'], 'body'],
      ['DELETE', '/v2/alerts/s-1/tags?identifierType=alias', undefined, 'tags'],
      ['POST', '/v2/alerts/s-1/details?identifierType=alias', { details: { n: 1 } }, 'details'],
      ['POST', '/v2/alerts/s-1/details?identifierType=alias', { details: {} }, 'details'],
      ['POST', '/v2/alerts/s-1/details?identifierType=alias', { details: { a: 'b' }, note: ['x'] }, 'note'],
      ['DELETE', '/v2/alerts/s-1/details?identifierType=alias&keys=,', undefined, 'keys'],
      ['PUT', '/v2/alerts/s-1/priority?identifierType=alias', { priority: 'P0' }, 'priority'],
      ['PUT', '/v2/alerts/s-1/priority?identifierType=alias', { priority: 'toString' }, 'priority'],
      ['PUT', '/v2/alerts/s-1/priority?identifierType=name', { priority: 'P1' }, 'identifierType'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await api.call(method, path, body);
      expect(res.statusCode, `${method} ${path} ${JSON.stringify(body)}`).toBe(422);
      expect(Object.keys(res.json().errors), res.body).toEqual([field]);
    }
    const malformed = await h.call('POST', '/v2/alerts/s-1/tags?identifierType=alias', { headers: { authorization: `GenieKey ${key.key}`, 'content-type': 'application/json' }, body: '{"tags": [' });
    expect(malformed.statusCode).toBe(400);
    // Over the intake's 512 KB, and a NUL byte in what would be stored: refused, as a create's are.
    expect((await api.call('POST', '/v2/alerts/s-1/details?identifierType=alias', { details: { blob: 'y'.repeat(600 * 1024) } })).statusCode).toBe(413);
    for (const body of [{ tags: ['a\u0000b'] }, { details: { k: 'v\u0000' } }]) {
      const res = await api.call('POST', `/v2/alerts/s-1/${'tags' in body ? 'tags' : 'details'}?identifierType=alias`, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().message).toMatch(/NUL/i);
    }
    // What Tocsin does not do is a 422 saying what to do instead (a 4xx a sender does not retry), not a 404 "no such alert".
    const unack = await api.call('POST', '/v2/alerts/s-1/unacknowledge?identifierType=alias', {});
    expect([unack.statusCode, unack.json().message]).toEqual([422, expect.stringMatching(/^Tocsin does not take an acknowledgement back \(unacknowledge\): escalate now \(POST \/v2\/alerts\/:identifier\/escalate\)/)]);
    const custom = await api.call('POST', '/v2/alerts/s-1/actions/restart?identifierType=alias', {});
    expect([custom.statusCode, custom.json().message]).toEqual([422, expect.stringMatching(/^Tocsin runs no custom actions \("restart"\)/)]);
    const unknown = await api.call('POST', '/v2/alerts/s-1/delete-everything', {});
    expect([unknown.statusCode, unknown.json().message]).toEqual([422, expect.stringMatching(/has no "delete-everything" action for an alert; it takes close, acknowledge, notes/)]);
    expect((await h.call('POST', '/v2/alerts/s-1/unacknowledge?identifierType=alias', { body: {} })).statusCode).toBe(401);
    expect((await h.call('PUT', '/v2/alerts/s-1/priority?identifierType=alias', { body: { priority: 'P1' } })).statusCode).toBe(401);
    expect((await h.call('DELETE', '/v2/alerts/s-1/tags?identifierType=alias&tags=search', { headers: { authorization: 'GenieKey nope' } })).statusCode).toBe(401);
    // Another key's alert, by id, is as unknown as one never sent: accepted, and left alone.
    const foreign = await og(other.key).call('POST', `/v2/alerts/${alert!.id}/tags`, { tags: ['hijack'] });
    expect(foreign.statusCode).toBe(202);
    expect(await og(other.key).status(foreign.json().requestId)).toMatchObject({ success: false, status: 'Alert does not exist' });
    expect(await counts(h)).toEqual(before);
    expect((await alertsOf(h, viewer.token, key.id))[0]).toMatchObject({ severity: 'SEV-4', details: { tags: ['search'], priority: 'P3' } });
  });

  it('twelve tag and detail updates of one alert at once lose none: every tag and detail is there, each said once', async () => {
    const { key } = await serviceWithKey(h, admin, 'ledger-api', 'opsgenie');
    const api = og(key.key);
    expect((await api.call('POST', '/v2/alerts', { message: 'Ledger lag', alias: 'ledger-1', priority: 'P2' })).statusCode).toBe(202);
    const [alert] = await alertsOf(h, viewer.token, key.id);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        i % 2 ? api.call('POST', '/v2/alerts/ledger-1/tags?identifierType=alias', { tags: [`t${i}`] }) : api.call('POST', '/v2/alerts/ledger-1/details?identifierType=alias', { details: { [`k${i}`]: `v${i}` } }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(12).fill(202));
    const now = (await alertsOf(h, viewer.token, key.id))[0]!;
    expect([...(now.details.tags as string[])].sort()).toEqual(['t1', 't11', 't3', 't5', 't7', 't9']);
    expect(now.details.custom_details).toEqual({ k0: 'v0', k2: 'v2', k4: 'v4', k6: 'v6', k8: 'v8', k10: 'v10' });
    const facts = await revisions(alert!.incident_id!);
    expect(facts).toHaveLength(12);
    expect(facts.flatMap((f: { tags_added?: string[] }) => f.tags_added ?? []).sort()).toEqual(['t1', 't11', 't3', 't5', 't7', 't9']);
  });
});
