import { IANAZone } from 'luxon';
import type { Static } from 'typebox';
import { toIso } from '../core/clock.js';
import type * as S from './schemas.js';
import { ROLES, roleAtLeast, type Role } from '../core/context.js';
import type { ApiTokensTable, UsersTable } from './tables.js';
import { ValidationError } from '../core/errors.js';

// Users and API tokens: pure rules and the JSON the API speaks. No I/O, no clock.

/** As the API shows it; the TypeBox schema is the one definition. */
export type User = Static<typeof S.UserSchema>;

/** As the API shows it; the TypeBox schema is the one definition. */
export type ApiToken = Static<typeof S.TokenSchema>;

export const toUserJson = (r: UsersTable): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  time_zone: r.time_zone,
  role: r.role,
  created_at: toIso(r.created_at)!,
  updated_at: toIso(r.updated_at)!,
  deactivated_at: toIso(r.deactivated_at),
});

export const toTokenJson = (r: ApiTokensTable): ApiToken => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  created_at: toIso(r.created_at)!,
  expires_at: toIso(r.expires_at),
  last_used_at: toIso(r.last_used_at),
  revoked_at: toIso(r.revoked_at),
});

/** How long an invitation link works. */
export const INVITE_TTL_MS = 7 * 24 * 3_600_000;

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 1024;
export const MAX_NAME_LENGTH = 200;
// Deliberately loose (RFC 5322 is not a regex): one @, no spaces, a dot in the domain.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Trimmed, lower-cased email; throws naming `field` when it is not an address. */
export function normalizeEmail(raw: string, field = 'email'): string {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) throw new ValidationError(`${field} must be an email address`, field);
  return email;
}

/** A display name: trimmed, 1 to 200 characters. */
export function checkName(raw: string, field = 'name'): string {
  const name = raw.trim();
  if (name.length === 0) throw new ValidationError(`${field} must not be empty`, field);
  if (name.length > MAX_NAME_LENGTH) throw new ValidationError(`${field} must be at most ${MAX_NAME_LENGTH} characters`, field);
  return name;
}

/** An IANA time zone, returned in its canonical spelling (`europe/paris` → `Europe/Paris`). */
export function checkTimeZone(raw: string, field = 'time_zone'): string {
  // Newer ICU (Node 24) also accepts offsets such as "+02:00"; an offset has no daylight-saving
  // rules, so schedules would drift twice a year: only named zones are taken.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(raw) || !IANAZone.isValidZone(raw)) throw new ValidationError(`${field} must be an IANA time zone such as Europe/Paris`, field);
  return new Intl.DateTimeFormat('en-US', { timeZone: raw }).resolvedOptions().timeZone;
}

export function checkPassword(raw: string, field = 'password'): string {
  if (raw.length < MIN_PASSWORD_LENGTH) {
    throw new ValidationError(`${field} must be at least ${MIN_PASSWORD_LENGTH} characters`, field);
  }
  if (raw.length > MAX_PASSWORD_LENGTH) throw new ValidationError(`${field} is too long`, field);
  return raw;
}

export function checkRole(raw: string, field = 'role'): Role {
  if (!(ROLES as readonly string[]).includes(raw)) throw new ValidationError(`${field} must be one of ${ROLES.join(', ')}`, field);
  return raw as Role;
}

/**
 * May an actor of role `actor` give role `next` to a user whose role is `current` (null for a
 * new user)? Admins manage users; only an owner makes an owner or touches an owner.
 */
export function mayAssignRole(actor: Role, current: Role | null, next: Role): boolean {
  if (!roleAtLeast(actor, 'admin')) return false;
  if (next === 'owner' || current === 'owner') return actor === 'owner';
  return true;
}

/** May an actor of role `actor` deactivate a user of role `target`? */
export const mayDeactivate = (actor: Role, target: Role): boolean =>
  roleAtLeast(actor, 'admin') && (target !== 'owner' || actor === 'owner');

/**
 * Would this change leave no active owner? `activeOwners` counts active owners now; the target
 * is an active owner who would stop being one.
 */
export const leavesNoOwner = (activeOwners: number, targetIsActiveOwner: boolean, staysOwner: boolean): boolean =>
  targetIsActiveOwner && !staysOwner && activeOwners <= 1;

/** A token's expiry must be in the future; null means it never expires. */
export function checkExpiry(expiresAt: number | null, now: number, field = 'expires_at'): number | null {
  if (expiresAt === null) return null;
  if (!Number.isFinite(expiresAt)) throw new ValidationError(`${field} must be an RFC 3339 time`, field);
  if (expiresAt <= now) throw new ValidationError(`${field} must be in the future`, field);
  return expiresAt;
}

/** Parses an RFC 3339 time; throws naming the field. */
export function parseTime(raw: string, field: string): number {
  const ms = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(ms)) throw new ValidationError(`${field} must be an RFC 3339 time`, field);
  return ms;
}

/** The characters of a token shown in lists to tell tokens apart (`tocsin_` + 5). */
export const tokenPrefix = (token: string): string => token.slice(0, 12);
