import { describe, expect, it } from 'vitest';
import { detailGroupsOf, eventsText, inAttentionOrder, linksOf, senderOf, type IncidentAlert } from './alertFacts';

const alert = (over: Partial<IncidentAlert> = {}): IncidentAlert => ({
  id: 'alt_1',
  service_id: 'svc_1',
  dedup_key: 'ikey_1:abc',
  source: 'alertmanager',
  source_ref: 'ikey_1',
  status: 'open',
  summary: 'Checkout 5xx above 5%',
  severity: 'SEV-2',
  incident_id: 'inc_1',
  started_at: '2026-01-05T09:00:00.000Z',
  opened_at: '2026-01-05T09:00:00.000Z',
  resolved_at: null,
  acknowledged_at: null,
  events: 1,
  details: {},
  ...over,
});

describe('what the incident page says of an alert', () => {
  it('names the sender as people know it, with the severity the sender gave', () => {
    expect(senderOf(alert({ details: { severity: 'critical' } }))).toBe('Alertmanager, critical');
    expect(senderOf(alert({ source: 'opsgenie', details: { priority: 'P1' } }))).toBe('Opsgenie, P1');
    expect(senderOf(alert({ source: 'pagerduty' }))).toBe('PagerDuty Events');
    expect(senderOf(alert({ source: 'something-new' }))).toBe('something-new');
  });

  it('counts the repeats deduplication absorbed', () => {
    expect(eventsText(1)).toBe('1 event');
    expect(eventsText(2)).toBe('2 events (1 repeat)');
    expect(eventsText(12)).toBe('12 events (11 repeats)');
  });

  it('links the sender’s http(s) links and its own page, and nothing else', () => {
    const a = alert({
      details: {
        links: [{ href: 'https://grafana.example/d/1', text: 'Dashboard' }, { href: 'javascript:alert(1)', text: 'Evil' }, { href: 'http://runbook.example/disk' }, 'junk'],
        client: 'Alertmanager',
        client_url: 'http://am.example:9093',
      },
    });
    expect(linksOf(a)).toEqual([
      { href: 'https://grafana.example/d/1', text: 'Dashboard' },
      { href: 'http://runbook.example/disk', text: 'http://runbook.example/disk' },
      { href: 'http://am.example:9093', text: 'Alertmanager' },
    ]);
    expect(linksOf(alert({ details: { links: 'nope' } }))).toEqual([]);
  });

  it('lists labels, annotations and custom details, then the rest of what the sender said, without bookkeeping', () => {
    const groups = detailGroupsOf(
      alert({
        details: {
          labels: { alertname: 'CheckoutErrors', cluster: 'eu-1' },
          annotations: {},
          custom_details: { free_gb: 3, disks: ['sda', 'sdb'] },
          component: 'disk',
          tags: ['db', 'prod'],
          dedup_key: 'abc',
          severity: 'critical',
          links: [],
          integration_key_id: 'ikey_1',
          description: '',
        },
      }),
    );
    expect(groups).toEqual([
      { title: 'Labels', entries: [['alertname', 'CheckoutErrors'], ['cluster', 'eu-1']] },
      { title: 'Details', entries: [['free_gb', '3'], ['disks', '["sda","sdb"]']] },
      { title: 'Sender', entries: [['component', 'disk'], ['tags', 'db, prod']] },
    ]);
  });

  it('puts what still fires first, newest first within each', () => {
    const order = inAttentionOrder([
      alert({ id: 'old-resolved', status: 'resolved', opened_at: '2026-01-05T08:00:00.000Z' }),
      alert({ id: 'old-open', opened_at: '2026-01-05T08:30:00.000Z' }),
      alert({ id: 'new-resolved', status: 'resolved', opened_at: '2026-01-05T09:10:00.000Z' }),
      alert({ id: 'new-open', opened_at: '2026-01-05T09:20:00.000Z' }),
    ]).map((a) => a.id);
    expect(order).toEqual(['new-open', 'old-open', 'new-resolved', 'old-resolved']);
  });
});
