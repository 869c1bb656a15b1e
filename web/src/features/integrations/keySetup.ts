import type { CreatedKey } from './api';
import { heartbeatPingUrl, pagerDutyV1Url } from './senderUrls';

// What the key form offers and what to paste into each sender. No I/O.

export const KEY_TYPES = [
  { value: 'alertmanager', label: 'Prometheus Alertmanager (webhook)' },
  { value: 'pagerduty', label: 'PagerDuty Events API v2' },
  { value: 'opsgenie', label: 'Opsgenie Alert API' },
  { value: 'webhook', label: 'Generic JSON webhook' },
] as const;

export const SEVERITIES = [
  { value: '', label: 'As the sender says (else error)' },
  { value: 'critical', label: 'critical (SEV-2)' },
  { value: 'error', label: 'error (SEV-3)' },
  { value: 'warning', label: 'warning (SEV-4)' },
  { value: 'info', label: 'info (no incident)' },
] as const;

/** How to point the sender at Tocsin with this key: what to paste where. */
export function setupLines(k: Pick<CreatedKey, 'type' | 'key' | 'endpoint'>): string {
  switch (k.type) {
    case 'pagerduty':
      return [
        `# Alertmanager pagerduty_configs, or any Events API v2 client\nurl: ${k.endpoint}\nrouting_key: ${k.key}`,
        `# Older senders on Events API v1: the same key as service_key\n${pagerDutyV1Url(k.endpoint)}`,
      ].join('\n\n');
    case 'opsgenie':
      return [
        `# Alertmanager opsgenie_configs, or any Opsgenie API client\napi_url: ${k.endpoint}\napi_key: ${k.key}   # sent as Authorization: GenieKey <key>`,
        `# Heartbeat pings (cron jobs, Alertmanager's Watchdog): a heartbeat monitor called <name> on this service\ncurl -fsS -H 'Authorization: GenieKey ${k.key}' ${heartbeatPingUrl(k.endpoint, '<name>')}`,
      ].join('\n\n');
    case 'alertmanager':
      return `# Alertmanager receiver\nwebhook_configs:\n  - url: ${k.endpoint}\n    send_resolved: true`;
    default:
      return `POST ${k.endpoint}\nContent-Type: application/json`;
  }
}
