// The teams domain's tables (row types); they join the kernel's Tables below.

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

declare module '../core/db/schema.js' {
  interface Tables {
    teams: TeamsTable;
    team_members: TeamMembersTable;
  }
}
