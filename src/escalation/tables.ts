// The escalation domain's tables (row types); they join the kernel's Tables below.

export interface EscalationPoliciesTable {
  id: string;
  name: string;
  team_id: string | null;
  /** How many more times the whole policy runs after its last tier (0: once). */
  repeat_count: number;
  /** An acknowledged incident not resolved within this many minutes pages again (null: never). */
  ack_timeout_minutes: number | null;
  description: string;
  created_at: number;
  updated_at: number;
}

export interface EscalationTiersTable {
  id: string;
  policy_id: string;
  /** 1, 2, 3 ... in escalation order. */
  position: number;
  delay_minutes: number;
  /** JSON list of severities the tier applies to; null: every severity. */
  severities: string | null;
}

export interface EscalationTargetsTable {
  tier_id: string;
  position: number;
  kind: 'user' | 'schedule' | 'team' | 'incident_commander';
  target_id: string | null;
}

declare module '../core/db/schema.js' {
  interface Tables {
    escalation_policies: EscalationPoliciesTable;
    escalation_tiers: EscalationTiersTable;
    escalation_targets: EscalationTargetsTable;
  }
}
