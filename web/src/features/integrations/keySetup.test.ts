import { describe, expect, it } from 'vitest';
import { setupLines } from './keySetup';

describe('what to paste into each sender', () => {
  const key = '0123456789abcdef0123456789abcdef';
  it('gives Alertmanager a webhook receiver with resolved alerts sent', () => {
    expect(setupLines({ type: 'alertmanager', key, endpoint: `https://t.example/integrations/alertmanager/${key}` })).toContain(`- url: https://t.example/integrations/alertmanager/${key}\n    send_resolved: true`);
  });
  it('gives PagerDuty clients the enqueue URL and the routing key', () => {
    expect(setupLines({ type: 'pagerduty', key, endpoint: 'https://t.example/v2/enqueue' })).toContain(`url: https://t.example/v2/enqueue\nrouting_key: ${key}`);
  });
  it('gives Events API v1 senders their path, with the same key', () => {
    expect(setupLines({ type: 'pagerduty', key, endpoint: 'https://t.example/v2/enqueue' })).toContain('service_key\nhttps://t.example/generic/2010-04-15/create_event.json');
  });
  it('gives Opsgenie clients the api_url and the key as api_key', () => {
    expect(setupLines({ type: 'opsgenie', key, endpoint: 'https://t.example/' })).toContain(`api_url: https://t.example/\napi_key: ${key}`);
  });
  it('gives Opsgenie heartbeat pingers the ping path with the key as GenieKey', () => {
    expect(setupLines({ type: 'opsgenie', key, endpoint: 'https://t.example/' })).toContain(`curl -fsS -H 'Authorization: GenieKey ${key}' https://t.example/v2/heartbeats/<name>/ping`);
  });
});
