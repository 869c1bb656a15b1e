import type { SqlExamples } from '../core/db/sql-snapshots.js';
import type * as store from './store.js';

// Example calls of each store function, compiled into store.sqlite.sql and store.postgres.sql
// by `npm run sql` (docs/development.md). Cover every branch that changes the SQL.

const now = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const user = {
  id: 'usr_1',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  time_zone: 'Europe/London',
  role: 'responder' as const,
  password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
  created_at: now,
  updated_at: now,
  deactivated_at: null,
};

export const examples = {
  findUserById: [['usr_1']],
  findUserByEmail: [['Ada@Example.com']],
  findActiveToken: [['5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8', now]],
  touchToken: [['tok_1', now]],
  findActiveSession: [['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', now]],
  touchSession: [['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', now]],
  insertUser: [[user]],
  updateUser: [['usr_1', { name: 'Ada King', time_zone: 'UTC', updated_at: now }]],
  countUsers: [[]],
  countActiveOwners: [[]],
  listUsers: [
    [{ limit: 50, after: null, q: null }],
    [{ limit: 50, after: { name: 'Ada Lovelace', id: 'usr_1' }, q: 'ada' }],
  ],
  existingUserIds: [[['usr_1', 'usr_2']], [[]]],
  insertSession: [
    [
      {
        id: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
        user_id: 'usr_1',
        csrf_token: 'csrf_abc',
        created_at: now,
        expires_at: now + 86_400_000,
        last_seen_at: now,
        user_agent: 'Mozilla/5.0',
      },
    ],
  ],
  deleteSession: [['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08']],
  deleteUserSessions: [['usr_1'], ['usr_1', 'ses_keep']],
  deleteExpiredSessions: [['usr_1', now]],
  insertToken: [
    [
      {
        id: 'tok_1',
        user_id: 'usr_1',
        name: 'deploy script',
        token_hash: '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8',
        prefix: 'tcs_3kf9',
        created_at: now,
        last_used_at: null,
        expires_at: null,
        revoked_at: null,
      },
    ],
  ],
  findTokenById: [['tok_1']],
  listTokensOf: [['usr_1']],
  revokeToken: [['tok_1', now]],
  revokeUserTokens: [['usr_1', now]],
  putInvitation: [
    [{ user_id: 'usr_1', token_hash: '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8', invited_by: 'usr_2', created_at: now, expires_at: now + 7 * 86_400_000 }],
  ],
  findInvitation: [['5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8']],
  claimInvitation: [['5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8', now]],
  getSetting: [['setup_token']],
  putSetting: [['setup_token', 'c2V0dXA']],
  claimSetting: [['setup_token', 'c2V0dXA']],
  deleteSetting: [['setup_token']],
  namesOf: [[['usr_1', 'usr_2']]],
  timeZonesOf: [[['usr_1', 'usr_2']]],
  findActiveRef: [['usr_1']],
  countSignInAttempt: [['client+email:127.0.0.1|ada@example.com', now - (now % 60_000)]],
  forgetSignInAttempts: [[now - 120_000]],
  pendingInvitations: [[]],
} satisfies SqlExamples<typeof store>;
