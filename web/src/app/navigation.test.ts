import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../features/profile/passwordRules';
import type { Feature } from './feature';
import { inSection, liveInvalidations, navItems } from './navigation';

const icon = (() => null) as unknown as NonNullable<Feature['nav']>['icon'];
const features: Feature[] = [
  { name: 'b', nav: { to: '/b', label: 'B', icon, order: 20, minRole: 'viewer' }, live: [{ topic: 'incident', queryKeys: [['b']] }] },
  { name: 'a', nav: { to: '/a', label: 'A', icon, order: 10, minRole: 'viewer' }, live: [{ topic: 'incident', queryKeys: [['a']] }] },
  { name: 'admin', nav: { to: '/admin', label: 'Admin', icon, order: 30, minRole: 'admin' } },
  { name: 'hidden' },
];

describe('navigation', () => {
  it('lists the entries the role may see, by order', () => {
    expect(navItems(features, 'viewer').map((i) => i.label)).toEqual(['A', 'B']);
    expect(navItems(features, 'owner').map((i) => i.label)).toEqual(['A', 'B', 'Admin']);
  });
  it('gathers the query keys each live topic refreshes', () => {
    expect(liveInvalidations(features)).toEqual(new Map([['incident', [['b'], ['a']]]]));
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
