import { describe, expect, it } from 'vitest';
import type { Role } from '../core/context.js';
import { ValidationError } from '../core/errors.js';
import * as m from './model.js';
import { containsPattern, decodeCursor, encodeCursor, toPage } from '../core/lists.js';

const fieldOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.field;
    throw e;
  }
  return 'no error';
};

describe('user input rules', () => {
  it.each([
    ['  Ada@Example.COM ', 'ada@example.com'],
    ['a.b+c@sub.example.org', 'a.b+c@sub.example.org'],
  ])('normalizes email %j', (raw, want) => expect(m.normalizeEmail(raw)).toBe(want));

  it.each(['', 'ada', 'ada@', '@example.com', 'ada@example', 'a da@example.com', `${'x'.repeat(250)}@example.com`])(
    'refuses email %j naming the field',
    (raw) => expect(fieldOf(() => m.normalizeEmail(raw))).toBe('email'),
  );

  it('checks names, time zones, passwords and roles', () => {
    expect(m.checkName('  Ada  ')).toBe('Ada');
    expect(fieldOf(() => m.checkName('   '))).toBe('name');
    expect(fieldOf(() => m.checkName('x'.repeat(201)))).toBe('name');
    expect(m.checkTimeZone('europe/paris')).toBe('Europe/Paris');
    expect(m.checkTimeZone('UTC')).toBe('UTC');
    expect(fieldOf(() => m.checkTimeZone('Mars/Olympus'))).toBe('time_zone');
    expect(fieldOf(() => m.checkTimeZone('+02:00'))).toBe('time_zone');
    expect(m.checkPassword('12345678')).toBe('12345678');
    expect(fieldOf(() => m.checkPassword('1234567'))).toBe('password');
    expect(m.checkRole('admin')).toBe('admin');
    expect(fieldOf(() => m.checkRole('root'))).toBe('role');
  });

  it('parses RFC 3339 expiry times in the future only', () => {
    const now = Date.parse('2026-01-05T09:00:00Z');
    expect(m.checkExpiry(null, now)).toBeNull();
    expect(m.checkExpiry(now + 1, now)).toBe(now + 1);
    expect(fieldOf(() => m.checkExpiry(now, now))).toBe('expires_at');
    expect(m.parseTime('2026-01-05T10:00:00+01:00', 'expires_at')).toBe(now);
    expect(fieldOf(() => m.parseTime('tomorrow', 'expires_at'))).toBe('expires_at');
    expect(fieldOf(() => m.parseTime('1736000000', 'expires_at'))).toBe('expires_at');
  });
});

describe('role rules', () => {
  const roles: Role[] = ['viewer', 'responder', 'admin', 'owner'];
  // [actor, current (null = new user), next, allowed]
  const table: Array<[Role, Role | null, Role, boolean]> = [
    ['viewer', null, 'viewer', false],
    ['responder', null, 'viewer', false],
    ['admin', null, 'responder', true],
    ['admin', null, 'admin', true],
    ['admin', null, 'owner', false],
    ['owner', null, 'owner', true],
    ['admin', 'viewer', 'admin', true],
    ['admin', 'owner', 'admin', false],
    ['admin', 'owner', 'owner', false],
    ['owner', 'owner', 'admin', true],
    ['owner', 'admin', 'owner', true],
  ];
  it.each(table)('%s may make a %s user %s: %s', (actor, current, next, allowed) => {
    expect(m.mayAssignRole(actor, current, next)).toBe(allowed);
  });

  it('only owners touch owners, and nobody below admin touches anyone', () => {
    for (const actor of roles) {
      for (const target of roles) {
        const want = (actor === 'admin' && target !== 'owner') || actor === 'owner';
        expect(m.mayDeactivate(actor, target), `${actor} → ${target}`).toBe(want);
        expect(m.mayAssignRole(actor, target, target), `${actor} → ${target}`).toBe(want);
      }
    }
  });

  it('never leaves the last active owner gone', () => {
    expect(m.leavesNoOwner(1, true, false)).toBe(true);
    expect(m.leavesNoOwner(2, true, false)).toBe(false);
    expect(m.leavesNoOwner(1, true, true)).toBe(false);
    expect(m.leavesNoOwner(1, false, false)).toBe(false);
  });
});

describe('list paging', () => {
  it('round-trips cursors and refuses forged ones', () => {
    const k = { name: 'checkout ✓', id: 'svc_1' };
    expect(decodeCursor(encodeCursor(k))).toEqual(k);
    expect(encodeCursor(k)).toMatch(/^[\w-]+$/);
    for (const bad of ['', 'garbage', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1,2]').toString('base64url')]) {
      expect(fieldOf(() => decodeCursor(bad))).toBe('cursor');
    }
  });

  it('gives a next cursor only when there is another row', () => {
    const rows = [
      { name: 'a', id: '1' },
      { name: 'b', id: '2' },
      { name: 'c', id: '3' },
    ];
    const page = toPage(rows, 2, (r) => r.name);
    expect(page.items).toEqual(['a', 'b']);
    expect(decodeCursor(page.next_cursor!)).toEqual({ name: 'b', id: '2' });
    expect(toPage(rows.slice(0, 2), 2, (r) => r.name).next_cursor).toBeNull();
  });

  it('escapes LIKE wildcards in text filters', () => {
    expect(containsPattern('50%_Off!')).toBe('%50!%!_off!!%');
  });
});

// Added for mutation testing (docs/testing.md): limits at their edge and the messages people read.
describe('users model edges', () => {
  const message = (f: () => unknown) => {
    try {
      f();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      return (err as Error).message;
    }
    return 'accepted';
  };

  it('takes an email of 254 characters, not 255, and says what is wrong', () => {
    const at254 = `${'a'.repeat(242)}@example.com`;
    expect(m.normalizeEmail(at254)).toBe(at254);
    expect(message(() => m.normalizeEmail(`a${at254}`, 'owner_email'))).toBe('owner_email must be an email address');
    expect(message(() => m.normalizeEmail('ada@example.com x'))).toBe('email must be an email address');
  });

  it('takes a name of exactly the maximum length', () => {
    expect(m.checkName('n'.repeat(m.MAX_NAME_LENGTH))).toHaveLength(m.MAX_NAME_LENGTH);
    expect(message(() => m.checkName('n'.repeat(m.MAX_NAME_LENGTH + 1)))).toBe('name must be at most 200 characters');
    expect(message(() => m.checkName('  '))).toBe('name must not be empty');
  });

  it('takes only whole zone names', () => {
    expect(message(() => m.checkTimeZone(' Europe/Paris'))).toBe('time_zone must be an IANA time zone such as Europe/Paris');
    expect(message(() => m.checkTimeZone('Europe/Paris '))).toMatch(/IANA/);
  });

  it('bounds passwords at both ends, with messages', () => {
    expect(m.checkPassword('p'.repeat(m.MAX_PASSWORD_LENGTH))).toHaveLength(m.MAX_PASSWORD_LENGTH);
    expect(message(() => m.checkPassword('p'.repeat(m.MAX_PASSWORD_LENGTH + 1)))).toBe('password is too long');
    expect(message(() => m.checkPassword('short'))).toBe('password must be at least 8 characters');
  });

  it('names the roles it takes', () => {
    expect(message(() => m.checkRole('boss'))).toBe('role must be one of viewer, responder, admin, owner');
  });

  it('refuses expiries that are not times or not in the future', () => {
    expect(message(() => m.checkExpiry(Number.NaN, 0))).toBe('expires_at must be an RFC 3339 time');
    expect(message(() => m.checkExpiry(Number.POSITIVE_INFINITY, 0))).toBe('expires_at must be an RFC 3339 time');
    expect(message(() => m.checkExpiry(5, 5))).toBe('expires_at must be in the future');
    expect(message(() => m.parseTime('x2026-01-05T09:00:00Z', 'since'))).toBe('since must be an RFC 3339 time');
    expect(message(() => m.parseTime('2026-01-05', 'since'))).toBe('since must be an RFC 3339 time');
  });

  it('shows users and tokens as the API does', () => {
    expect(m.toUserJson({ id: 'usr_1', email: 'a@b.co', name: 'A', time_zone: 'UTC', role: 'viewer', created_at: 0, updated_at: 1000, deactivated_at: null } as never)).toEqual({
      id: 'usr_1', email: 'a@b.co', name: 'A', time_zone: 'UTC', role: 'viewer', created_at: '1970-01-01T00:00:00.000Z', updated_at: '1970-01-01T00:00:01.000Z', deactivated_at: null,
    });
    expect(m.toTokenJson({ id: 'tok_1', name: 't', prefix: 'tocsin_abcde', created_at: 0, expires_at: null, last_used_at: 1000, revoked_at: null } as never)).toEqual({
      id: 'tok_1', name: 't', prefix: 'tocsin_abcde', created_at: '1970-01-01T00:00:00.000Z', expires_at: null, last_used_at: '1970-01-01T00:00:01.000Z', revoked_at: null,
    });
    expect(m.tokenPrefix('tocsin_abcdefghijkl')).toBe('tocsin_abcde');
  });
});
