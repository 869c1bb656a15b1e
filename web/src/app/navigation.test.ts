import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../features/profile/passwordRules';
import { inSection, navItems } from './navigation';

describe('navigation', () => {
  it('offers the catalog to every role (writes are decided per page)', () => {
    expect(navItems('viewer').map((i) => i.label)).toEqual(['Incidents', 'Services', 'Teams', 'People']);
  });
  it.each([
    ['/services', '/services', true],
    ['/services/svc_1', '/services', true],
    ['/servicesx', '/services', false],
    ['/incidents/new', '/services', false],
  ])('%s in %s: %s', (path, to, inside) => expect(inSection(path, to)).toBe(inside));
});

describe('passwordProblem', () => {
  it.each([
    ['short', 'short', 'At least 8 characters'],
    ['long enough', 'long enougH', 'The two passwords differ'],
    ['long enough', 'long enough', null],
  ])('%s / %s → %s', (next, again, problem) => expect(passwordProblem(next, again)).toBe(problem));
});
