import type { DetectionSource, IncidentRole, IncidentStatus, Severity } from './model.js';

// The incident domain's tables (row types); they join the kernel's Tables below.

export interface IncidentsTable {
  id: string;
  number: number;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  detection_source: DetectionSource;
  drill: number;
  users_affected: number | null;
  functionality_broken: string;
  data_at_risk: number;
  hypothesis: string;
  root_cause_category: string | null;
  started_at: number;
  detected_at: number;
  acknowledged_at: number | null;
  /** The person whose acknowledgement was the first (null: its sender's, or none yet). */
  acknowledged_by: string | null;
  mitigated_at: number | null;
  resolved_at: number | null;
  closed_at: number | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface IncidentServicesTable {
  incident_id: string;
  service_id: string;
}

export interface IncidentRolesTable {
  incident_id: string;
  role: IncidentRole;
  user_id: string;
  assigned_at: number;
}

export interface TimelineEventsTable {
  id: string;
  incident_id: string;
  at: number;
  kind: string;
  actor_kind: 'user' | 'integration' | 'system';
  actor_id: string | null;
  actor_name: string;
  /** The incident role the actor held when acting (commander, ...), or null. */
  actor_role: string | null;
  data: string;
  /** 1, 2, 3 ... per incident, in append order. */
  seq: number;
}

declare module '../core/db/schema.js' {
  interface Tables {
    incidents: IncidentsTable;
    incident_services: IncidentServicesTable;
    incident_roles: IncidentRolesTable;
    timeline_events: TimelineEventsTable;
  }
}
