import type { Severity } from '../incidents/model.js';

// Alerts: signals from monitors (and, later, integrations) that open or join incidents.

export interface AlertsTable {
  id: string;
  service_id: string | null;
  dedup_key: string;
  source: string;
  /** What raised it: the monitor id, the integration key id ... */
  source_ref: string | null;
  status: 'open' | 'resolved';
  summary: string;
  /** The incident severity it maps to; `info` alerts open no incident. */
  severity: Severity | 'info';
  incident_id: string | null;
  /** When the trouble began (a monitor: its first failed check), not when the alert opened. */
  started_at: number;
  opened_at: number;
  resolved_at: number | null;
  /** Someone (or the sender) acknowledged it: repeats are counted but page nobody. */
  acknowledged_at: number | null;
  /** JSON: what the sender said beyond the summary (labels, annotations, links, images, client ...). */
  details: string;
  /** Signals this alert absorbed (the first one and every repeat while open). */
  events: number;
}

/** How a service's alerts group into incidents; a service without a row has the defaults. */
export interface AlertSettingsTable {
  service_id: string;
  grouping_window_minutes: number;
  /** JSON: label (or field) names whose values a new alert must share with an incident's first alert. */
  grouping_labels: string;
  on_all_alerts_resolved: 'resolve' | 'mitigate';
  updated_at: number;
}

declare module '../core/db/schema.js' {
  interface Tables {
    alerts: AlertsTable;
    alert_settings: AlertSettingsTable;
  }
}
