import type { Role } from '../core/context.js';

// The users domain's tables (row types); they join the kernel's Tables below.

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
  role: Role;
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

/** Sign-in attempts per key (client, or client and email) and minute, shared by every instance. */
export interface SignInAttemptsTable {
  key: string;
  window_start: number;
  count: number;
}

/** The one-time link that lets an invited person set their password; one per user. */
export interface InvitationsTable {
  user_id: string;
  /** sha256 of the link's secret; the secret itself is shown once to the admin. */
  token_hash: string;
  invited_by: string | null;
  created_at: number;
  expires_at: number;
}

declare module '../core/db/schema.js' {
  interface Tables {
    signin_attempts: SignInAttemptsTable;
    users: UsersTable;
    sessions: SessionsTable;
    api_tokens: ApiTokensTable;
    invitations: InvitationsTable;
  }
}
