// The paging domain's tables (migration 0017_paging); they join the kernel's Tables below.

export interface ServicePagingTable {
  service_id: string;
  /** JSON { "SEV-1": "high" | "low" | "none", ... }. */
  urgencies: string;
  /** JSON BusinessHours; null: the default hours. */
  business_hours: string | null;
  updated_at: number;
}

export type EscalationState = 'waiting' | 'active' | 'acknowledged' | 'done';

export interface EscalationsTable {
  id: string;
  incident_id: string;
  policy_id: string;
  service_id: string | null;
  urgency: 'high' | 'low';
  state: EscalationState;
  started_at: number;
  acknowledged_at: number | null;
  /** Rounds restart from here after an acknowledgement timed out or the incident reopened. */
  first_round: number;
  created_at: number;
  updated_at: number;
}

export interface EscalationStepsTable {
  escalation_id: string;
  round: number;
  position: number;
  fired_at: number;
  people: number;
}

export interface PagesTable {
  id: string;
  incident_id: string;
  escalation_id: string | null;
  user_id: string;
  round: number | null;
  position: number | null;
  reason: 'escalation' | 'manual';
  urgency: 'high' | 'low';
  reply_code: string;
  requested_by: string | null;
  note: string;
  created_at: number;
  acknowledged_at: number | null;
}

export interface PageNotificationsTable {
  outbox_key: string;
  page_id: string;
  contact_method_id: string;
  channel: string;
  due_at: number;
  state: 'planned' | 'queued' | 'skipped';
  fallback_at: number | null;
}

declare module '../core/db/schema.js' {
  interface Tables {
    service_paging: ServicePagingTable;
    escalations: EscalationsTable;
    escalation_steps: EscalationStepsTable;
    pages: PagesTable;
    page_notifications: PageNotificationsTable;
  }
}
