export const SEVERITIES = ['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const STATUSES = ['triggered', 'acknowledged', 'mitigated', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof STATUSES)[number];
export const OPEN_STATUSES: IncidentStatus[] = ['triggered', 'acknowledged', 'mitigated'];

export const DETECTION_SOURCES = ['monitor', 'integration', 'customer', 'internal'] as const;
export type DetectionSource = (typeof DETECTION_SOURCES)[number];

export type IncidentRole = 'commander' | 'technical_lead' | 'communications_lead';

export interface PersonRef {
  id: string;
  name: string;
}

export interface Impact {
  users_affected?: number | null;
  functionality_broken?: string | null;
  data_at_risk?: boolean | null;
}

export interface Incident {
  id: string;
  number: number;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  detection_source: DetectionSource;
  drill: boolean;
  services: PersonRef[];
  impact: Impact | null;
  hypothesis: string | null;
  root_cause_category: string | null;
  started_at: string | null;
  detected_at: string;
  acknowledged_at: string | null;
  mitigated_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  roles: {
    commander: PersonRef | null;
    technical_leads: PersonRef[];
    communications_lead: PersonRef | null;
  };
  created_at: string;
  updated_at: string;
}

export interface TimelineEvent {
  id: string;
  incident_id: string;
  at: string;
  kind: string;
  actor: { kind: string; id: string | null; name: string };
  actor_role: string | null;
  data: Record<string, unknown> | null;
}

export interface DeclareInput {
  title: string;
  severity: Severity;
  detection_source?: DetectionSource;
  service_ids?: string[];
  started_at?: string;
  impact?: Impact;
  hypothesis?: string;
  drill?: boolean;
  commander_id?: string;
}

export interface IncidentFilters {
  status: IncidentStatus[];
  severity: Severity[];
  q: string;
}
