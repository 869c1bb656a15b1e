import type { SqlExamples } from '../db/sql-snapshots.js';
import type * as store from './store.js';

// Example calls of each store function, compiled into store.sqlite.sql and store.postgres.sql
// by `npm run sql` (docs/development.md). Cover every branch that changes the SQL.

const now = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const message = {
  id: 'obx_1',
  channel: 'webhook',
  key: 'page:inc_1:usr_1:1',
  payload: '{"body":{"text":"SEV-1 Checkout returns 502"}}',
  status: 'pending' as const,
  attempts: 0,
  max_attempts: 10,
  next_attempt_at: now,
  lease_owner: null,
  last_error: null,
  provider_ref: null,
  created_at: now,
  updated_at: now,
  sent_at: null,
  delivered_at: null,
  failed_at: null,
};
const claim = { channel: 'webhook', owner: 'eng_1', now, deadline: now + 11_000, limit: 8 };
const fence = { id: 'obx_1', owner: 'eng_1', attempt: 2 };

export const examples = {
  insertMessages: [[[message]], [[message, { ...message, id: 'obx_2', key: 'page:inc_1:usr_2:1' }]], [[]]],
  findMessageByKey: [['page:inc_1:usr_1:1']],
  findMessageById: [['obx_1']],
  listAttempts: [['obx_1']],
  countInterrupted: [['obx_1']],
  attemptHistory: [[['obx_1', 'obx_2']], [[]]],
  // SKIP LOCKED on PostgreSQL only; `stuck` picks sends whose deadline passed.
  claim: [['due', claim], ['stuck', claim]],
  extendDeadline: [[['obx_1'], 'eng_1', now + 22_000], [[], 'eng_1', now]],
  insertAttempts: [[[{ message_id: 'obx_1', attempt: 1, owner: 'eng_1', started_at: now, finished_at: null, outcome: null, error: null, response_code: null }]], [[]]],
  finishAttempt: [[{ messageId: 'obx_1', attempt: 1, outcome: 'transient_error', error: 'HTTP 503', responseCode: 503, now }]],
  recordSent: [['obx_1', 'prv_42', now], ['obx_1', null, now]],
  recordSentAttempt: [[{ messageId: 'obx_1', attempt: 1, providerRef: 'SM123', responseCode: 201, now }]],
  recordRetry: [[fence, now + 2_000, 'HTTP 503', now]],
  recordFailed: [[fence, 'HTTP 400', now]],
  markDelivered: [[{ id: 'obx_1' }, now], [{ providerRef: 'prv_42' }, now]],
  markUndelivered: [[{ id: 'obx_1' }, 'voice call not answered: the line was busy', now], [{ providerRef: 'twilio:SM42' }, 'Twilio: undelivered', now]],
  countMessages: [[]],
} satisfies SqlExamples<typeof store>;
