import { describe, expect, it } from 'vitest';
import type { User } from '../session/types';
import type { Team } from '../teams/api';
import type { Service } from './api';
import { countLabel, dependentsOf, whoToCall } from './catalog';

const person = (id: string, name: string, deactivated = false) =>
  ({ id, name, email: `${id}@x.test`, role: 'responder', time_zone: 'UTC', deactivated_at: deactivated ? 'x' : null }) as User;
const team = { id: 't1', name: 'Payments', description: '', member_ids: ['u1', 'u2', 'u4'] } as Team;
const users = [person('u1', 'Zed'), person('u2', 'Amy'), person('u3', 'Bob'), person('u4', 'Gone', true)];

describe('whoToCall', () => {
  it('lists experts first, then owner-team members, each once, deactivated people left out', () => {
    const contacts = whoToCall({ owner_team_id: 't1', expert_ids: ['u3', 'u1'] }, [team], users);
    expect(contacts.map((c) => [c.user.name, c.expert, c.team])).toEqual([
      ['Bob', true, null],
      ['Zed', true, 'Payments'],
      ['Amy', false, 'Payments'],
    ]);
  });
  it('is empty without a team or experts', () => {
    expect(whoToCall({ owner_team_id: null, expert_ids: [] }, [team], users)).toEqual([]);
  });
});

describe('dependentsOf', () => {
  it('finds the services that list this one as a dependency', () => {
    const s = (id: string, deps: string[]) => ({ id, name: id, dependency_ids: deps }) as Service;
    expect(dependentsOf('db', [s('api', ['db']), s('web', ['api']), s('jobs', ['db', 'api'])]).map((x) => x.id)).toEqual(['api', 'jobs']);
  });
});

describe('countLabel', () => {
  it.each([
    [0, 'no experts'],
    [1, '1 expert'],
    [3, '3 experts'],
  ])('%i → %s', (n, text) => expect(countLabel(n, 'expert', 'experts')).toBe(text));
});
