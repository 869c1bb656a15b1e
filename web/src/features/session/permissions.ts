import type { Role, User } from './types';

// What the UI offers to whom in the catalog and people admin. The API enforces the same rules;
// the UI only avoids offering what would be refused (docs/api.md: viewer < responder < admin <
// owner). What may be done to an incident is not decided here: the API lists it per incident
// as `allowed_actions`.

const RANK: Record<Role, number> = { viewer: 0, responder: 1, admin: 2, owner: 3 };
export const ROLES: Role[] = ['viewer', 'responder', 'admin', 'owner'];

export const roleAtLeast = (role: Role, min: Role): boolean => RANK[role] >= RANK[min];

/** Responders and up declare incidents; a viewer is not offered a button the API would refuse. */
export const canDeclare = (role: Role | undefined): boolean => role !== undefined && roleAtLeast(role, 'responder');

/** Users, teams and services are written by admins and owners; everyone else reads. */
export const canManageCatalog = (role: Role): boolean => roleAtLeast(role, 'admin');

/**
 * The roles `actor` may give a user whose role is now `current` (null: a new user).
 * Empty when the actor may not change it at all. Only an owner makes or touches an owner.
 */
export function assignableRoles(actor: Role, current: Role | null): Role[] {
  if (!canManageCatalog(actor)) return [];
  if (actor === 'owner') return ROLES;
  if (current === 'owner') return [];
  return ROLES.filter((r) => r !== 'owner');
}

/** Admins deactivate others (owners only by an owner); nobody is offered to lock themselves out. */
export function canDeactivate(actor: User, target: User): boolean {
  if (actor.id === target.id || target.deactivated_at) return false;
  return mayManagePerson(actor, target);
}

/** Whoever may deactivate a person may bring them back. */
export function canReactivate(actor: User, target: User): boolean {
  return !!target.deactivated_at && actor.id !== target.id && mayManagePerson(actor, target);
}

const mayManagePerson = (actor: User, target: User): boolean =>
  canManageCatalog(actor.role) && (target.role !== 'owner' || actor.role === 'owner');

/**
 * Admins set a new password for someone else (who is then signed out everywhere); owners' only
 * by an owner. Not your own (My profile asks for the current one) nor a deactivated person's.
 */
export function canSetPassword(actor: User, target: User): boolean {
  if (actor.id === target.id || target.deactivated_at) return false;
  return canManageCatalog(actor.role) && (target.role !== 'owner' || actor.role === 'owner');
}

/** Admins correct someone else's name and time zone (owners' only by an owner); your own is on My profile. */
export function canEditPerson(actor: User, target: User): boolean {
  return actor.id !== target.id && canManageCatalog(actor.role) && (target.role !== 'owner' || actor.role === 'owner');
}

export const ROLE_COLOR: Record<Role, string> = { owner: 'grape', admin: 'indigo', responder: 'teal', viewer: 'gray' };

export const ROLE_HINT: Record<Role, string> = {
  owner: 'Everything, including other owners',
  admin: 'Manages people, teams and services',
  responder: 'Works incidents',
  viewer: 'Reads only',
};
