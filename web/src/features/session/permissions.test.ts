import { describe, expect, it } from 'vitest';
import { assignableRoles, canDeactivate, canEditPerson, canManageCatalog, canReactivate, canSetPassword } from './permissions';
import type { Role, User } from './types';

const user = (id: string, role: Role, deactivated = false): User => ({
  id,
  role,
  email: `${id}@example.test`,
  name: id,
  time_zone: 'UTC',
  created_at: '',
  updated_at: '',
  deactivated_at: deactivated ? '2026-01-01T00:00:00Z' : null,
});

describe('catalog rights', () => {
  it.each([
    ['viewer', false],
    ['responder', false],
    ['admin', true],
    ['owner', true],
  ] as const)('%s: manage catalog %s', (role, manage) => expect(canManageCatalog(role)).toBe(manage));
});

describe('assignableRoles', () => {
  it.each([
    ['viewer', null, []],
    ['responder', 'viewer', []],
    ['admin', null, ['viewer', 'responder', 'admin']],
    ['admin', 'responder', ['viewer', 'responder', 'admin']],
    ['admin', 'owner', []],
    ['owner', null, ['viewer', 'responder', 'admin', 'owner']],
    ['owner', 'owner', ['viewer', 'responder', 'admin', 'owner']],
  ] as const)('%s changing %s → %j', (actor, current, roles) => expect(assignableRoles(actor, current)).toEqual(roles));
});

describe('canDeactivate', () => {
  it.each([
    [user('a', 'admin'), user('r', 'responder'), true],
    [user('a', 'admin'), user('o', 'owner'), false],
    [user('o', 'owner'), user('o2', 'owner'), true],
    [user('a', 'admin'), user('a', 'admin'), false],
    [user('r', 'responder'), user('v', 'viewer'), false],
    [user('a', 'admin'), user('v', 'viewer', true), false],
  ])('%#', (actor, target, may) => expect(canDeactivate(actor, target)).toBe(may));
});

describe('canReactivate', () => {
  it.each([
    ['an admin, a deactivated responder', user('a', 'admin'), user('r', 'responder', true), true],
    ['an admin, an active responder', user('a', 'admin'), user('r', 'responder'), false],
    ['an admin, a deactivated owner', user('a', 'admin'), user('o', 'owner', true), false],
    ['an owner, a deactivated owner', user('o', 'owner'), user('o2', 'owner', true), true],
    ['a responder, a deactivated viewer', user('r', 'responder'), user('v', 'viewer', true), false],
  ])('%s → %s', (_what, actor, target, may) => expect(canReactivate(actor, target)).toBe(may));
});

describe('canSetPassword', () => {
  it.each([
    ['an admin, for a responder', user('a', 'admin'), user('r', 'responder'), true],
    ['an admin, for another admin', user('a', 'admin'), user('a2', 'admin'), true],
    ['an admin, for an owner', user('a', 'admin'), user('o', 'owner'), false],
    ['an owner, for another owner', user('o', 'owner'), user('o2', 'owner'), true],
    ['an admin, for themselves (My profile instead)', user('a', 'admin'), user('a', 'admin'), false],
    ['an owner, for themselves', user('o', 'owner'), user('o', 'owner'), false],
    ['a responder, for a viewer', user('r', 'responder'), user('v', 'viewer'), false],
    ['a viewer, for a viewer', user('v', 'viewer'), user('v2', 'viewer'), false],
    ['an admin, for a deactivated person', user('a', 'admin'), user('v', 'viewer', true), false],
  ])('%s → %s', (_, actor, target, may) => expect(canSetPassword(actor, target)).toBe(may));
});

describe('canEditPerson', () => {
  it.each([
    ['an admin, for a responder', user('a', 'admin'), user('r', 'responder'), true],
    ['an admin, for a deactivated viewer', user('a', 'admin'), user('v', 'viewer', true), true],
    ['an admin, for an owner', user('a', 'admin'), user('o', 'owner'), false],
    ['an owner, for an owner', user('o', 'owner'), user('o2', 'owner'), true],
    ['an admin, for themselves (My profile instead)', user('a', 'admin'), user('a', 'admin'), false],
    ['a responder, for a viewer', user('r', 'responder'), user('v', 'viewer'), false],
  ])('%s → %s', (_, actor, target, may) => expect(canEditPerson(actor, target)).toBe(may));
});
