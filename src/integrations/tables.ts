// Alert intake: integration keys (how senders outside reach a service) and change events.

export type KeyType = 'pagerduty' | 'alertmanager' | 'opsgenie' | 'webhook';
export type SenderSeverity = 'critical' | 'error' | 'warning' | 'info';

export interface IntegrationKeysTable {
  id: string;
  service_id: string;
  name: string;
  /** Which URL the key is shown with; any endpoint accepts any live key. */
  type: KeyType;
  /** Used when the sender gives none (Alertmanager without a severity label, a webhook). */
  default_severity: SenderSeverity | null;
  /** SHA-256 of the key: the key itself is shown once, at creation. */
  key_hash: string;
  /** The first characters, to tell keys apart in lists. */
  key_prefix: string;
  /** JSON: the generic webhook's field mapping (webhook keys only). */
  mapping: string | null;
  created_by: string | null;
  created_at: number;
  revoked_at: number | null;
}

export interface ChangeEventsTable {
  id: string;
  service_id: string;
  summary: string;
  source: string | null;
  /** When the change happened (the sender's timestamp, else when it arrived). */
  at: number;
  /** JSON array of { href, text }. */
  links: string;
  /** JSON object. */
  custom_details: string;
  integration_key_id: string | null;
  created_at: number;
}

export interface ServiceSeverityMapsTable {
  service_id: string;
  /** JSON: { critical, error, warning, info } → SEV-1..SEV-4 or none. */
  map: string;
  updated_at: number;
}

export type SuppressionAction = 'drop' | 'quiet';

/** Events matching every condition set are dropped (counted, nothing stored) or kept quiet (an alert, no incident, no page). */
export interface SuppressionRulesTable {
  id: string;
  name: string;
  /** null: any service. */
  service_id: string | null;
  /** An integration key id, or a key type (alertmanager, pagerduty ...); null: any. */
  source: string | null;
  /** The sender's severity; null: any. */
  severity: SenderSeverity | null;
  /** JSON object: field path → value the event's field must equal (e.g. "labels.env": "staging"). */
  match: string;
  action: SuppressionAction;
  /** Events the rule matched: suppressed, never silently lost. */
  matched_events: number;
  last_matched_at: number | null;
  created_by: string | null;
  created_at: number;
}

declare module '../core/db/schema.js' {
  interface Tables {
    integration_keys: IntegrationKeysTable;
    change_events: ChangeEventsTable;
    service_severity_maps: ServiceSeverityMapsTable;
    suppression_rules: SuppressionRulesTable;
  }
}
