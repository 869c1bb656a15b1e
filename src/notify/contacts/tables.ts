import type { ChannelName } from '../content.js';

// The contacts domain's tables (row types, migration 0015); they join the kernel's Tables below.

export interface ContactMethodsTable {
  id: string;
  user_id: string;
  channel: ChannelName;
  /** Normalised: lower-case email, E.164 phone, push endpoint URL, chat webhook URL. */
  address: string;
  label: string;
  /** JSON: push {keys:{p256dh,auth}}, chat {format}; null for the others. */
  details: string | null;
  verified_at: number | null;
  /** sha256 of the code last sent; null once verified. */
  verify_code_hash: string | null;
  verify_expires_at: number | null;
  /** Wrong codes typed against the current code. */
  verify_attempts: number;
  /** How many codes were sent so far (each send's outbox key carries it). */
  verify_sent: number;
  verify_sent_at: number | null;
  /** Set when the address is known dead (push 404/410): never paged again until re-added. */
  disabled_at: number | null;
  created_at: number;
  updated_at: number;
}

export type Urgency = 'high' | 'low';

export interface NotificationRulesTable {
  id: string;
  user_id: string;
  contact_method_id: string;
  urgency: Urgency;
  delay_minutes: number;
  created_at: number;
}

declare module '../../core/db/schema.js' {
  interface Tables {
    contact_methods: ContactMethodsTable;
    notification_rules: NotificationRulesTable;
  }
}
