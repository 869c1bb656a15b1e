// The service catalog's tables (row types); they join the kernel's Tables below.

export interface ServicesTable {
  id: string;
  name: string;
  description: string;
  owner_team_id: string | null;
  runbook_url: string | null;
  /** The escalation policy that pages for it (src/escalation sets it through service.ts). */
  escalation_policy_id: string | null;
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

declare module '../core/db/schema.js' {
  interface Tables {
    services: ServicesTable;
    service_experts: ServiceExpertsTable;
    service_dependencies: ServiceDependenciesTable;
  }
}
