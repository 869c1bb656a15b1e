/**
 * Row types of every table, shared by the stores. Times are epoch milliseconds (bigint in
 * PostgreSQL, integer in SQLite) so both dialects compare and subtract them the same way;
 * flags are 0/1 integers; structured extras are JSON text.
 */
export interface UsersTable {
  id: string;
  email: string;
  name: string;
  time_zone: string;
  role: 'owner' | 'admin' | 'responder' | 'viewer';
  password_hash: string | null;
  created_at: number;
  updated_at: number;
  deactivated_at: number | null;
}

export interface SessionsTable {
  id: string; // sha256 of the cookie secret
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  /** The first characters of the token, shown in lists so people can tell tokens apart. */
  prefix: string;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
  revoked_at: number | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface TeamsTable {
  id: string;
  name: string;
  description: string;
  created_at: number;
  updated_at: number;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
}

export interface ServicesTable {
  id: string;
  name: string;
  description: string;
  owner_team_id: string | null;
  runbook_url: string | null;
  created_at: number;
  updated_at: number;
}

export interface ServiceExpertsTable {
  service_id: string;
  user_id: string;
}

export interface ServiceDependenciesTable {
  service_id: string;
  depends_on_id: string;
}

export interface CountersTable {
  name: string;
  value: number;
}

export type Severity = 'SEV-1' | 'SEV-2' | 'SEV-3' | 'SEV-4';
export type IncidentStatus = 'triggered' | 'acknowledged' | 'mitigated' | 'resolved' | 'closed';
export type DetectionSource = 'monitor' | 'integration' | 'customer' | 'internal';
export type IncidentRole = 'commander' | 'technical_lead' | 'communications_lead';

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

export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

export interface JobsTable {
  id: string;
  kind: string;
  key: string;
  payload: string;
  status: JobStatus;
  due_at: number;
  attempts: number;
  max_attempts: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface LeasesTable {
  name: string;
  owner: string;
  expires_at: number;
}

export interface Tables {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  settings: SettingsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  services: ServicesTable;
  service_experts: ServiceExpertsTable;
  service_dependencies: ServiceDependenciesTable;
  counters: CountersTable;
  incidents: IncidentsTable;
  incident_services: IncidentServicesTable;
  incident_roles: IncidentRolesTable;
  timeline_events: TimelineEventsTable;
  jobs: JobsTable;
  leases: LeasesTable;
}
