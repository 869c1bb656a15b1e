import { describe, expect, it } from 'vitest';
import { parseAddResponder, parseAssign, parseEscalate, parseSnooze } from './opsgenie-responders.js';

const now = Date.parse('2026-01-05T09:00:00.000Z');

describe('Opsgenie requests that bring people in', () => {
  it('reads an assign: the owner by id or username, with what was said', () => {
    expect(parseAssign({ owner: { username: 'ada@example.com' }, user: 'bot', note: ' take this ' })).toEqual({ ok: true, value: { value: { type: 'user', username: 'ada@example.com' }, said: { user: 'bot', note: 'take this' } } });
    expect(parseAssign({ owner: { id: 'usr_1' } })).toEqual({ ok: true, value: { value: { type: 'user', id: 'usr_1' }, said: {} } });
    expect(parseAssign({ owner: {} })).toEqual({ ok: false, errors: { owner: 'owner must have an id or a username.' } });
    expect(parseAssign({})).toEqual({ ok: false, errors: { owner: 'owner must be an object naming a user.' } });
    expect(parseAssign({ owner: { username: 'a' }, note: 3 })).toEqual({ ok: false, errors: { note: 'Note must be a string.' } });
    expect(parseAssign('x')).toEqual({ ok: false, errors: { body: 'Request body must be a JSON object.' } });
  });

  it('reads a responder: a user, team or schedule; an escalation is refused, saying what to name instead', () => {
    expect(parseAddResponder({ responder: { type: 'team', name: 'Payments' } })).toEqual({ ok: true, value: { value: { type: 'team', name: 'Payments' }, said: {} } });
    expect(parseAddResponder({ responder: { type: 'schedule', id: 'sch_1' } })).toMatchObject({ ok: true, value: { value: { type: 'schedule', id: 'sch_1' } } });
    expect(parseAddResponder({ responder: { type: 'user', username: 'bo@example.com' } })).toMatchObject({ ok: true, value: { value: { type: 'user', username: 'bo@example.com' } } });
    expect(parseAddResponder({ responder: { type: 'team' } })).toEqual({ ok: false, errors: { responder: 'responder must have an id or a name.' } });
    expect(parseAddResponder({ responder: { type: 'escalation', name: 'x' } })).toMatchObject({ ok: false, errors: { 'responder.type': expect.stringContaining('name a user, a team or a schedule') } });
    expect(parseAddResponder({ responder: { type: 'group', name: 'x' } })).toEqual({ ok: false, errors: { 'responder.type': 'Responder type should be one of [user, team, schedule].' } });
    expect(parseAddResponder({})).toMatchObject({ ok: false, errors: { 'responder.type': expect.any(String) } });
  });

  it('reads an escalate: the escalation policy by id or name', () => {
    expect(parseEscalate({ escalation: { name: 'Payments on call' }, user: 'bot', note: 'nobody answers' })).toEqual({ ok: true, value: { value: { name: 'Payments on call' }, said: { user: 'bot', note: 'nobody answers' } } });
    expect(parseEscalate({ escalation: { id: 'esc_1', type: 'escalation' } })).toEqual({ ok: true, value: { value: { id: 'esc_1' }, said: {} } });
    expect(parseEscalate({ escalation: { name: '  ' } })).toEqual({ ok: false, errors: { escalation: 'escalation must have an id or a name.' } });
    expect(parseEscalate({ escalation: 'Payments' })).toEqual({ ok: false, errors: { escalation: 'escalation must be an object naming an escalation policy.' } });
    expect(parseEscalate([])).toEqual({ ok: false, errors: { body: 'Request body must be a JSON object.' } });
  });

  it('reads a snooze as whole minutes from now, rounded up: in the future, at most a day ahead', () => {
    expect(parseSnooze({ endTime: '2026-01-05T09:30:00Z' }, now)).toEqual({ ok: true, value: { value: 30, said: {} } });
    expect(parseSnooze({ endTime: '2026-01-05T09:00:01Z', user: 'ops' }, now)).toEqual({ ok: true, value: { value: 1, said: { user: 'ops' } } });
    expect(parseSnooze({ endTime: '2026-01-06T09:00:00Z' }, now)).toMatchObject({ ok: true, value: { value: 1440 } });
    expect(parseSnooze({ endTime: '2026-01-06T09:00:01Z' }, now)).toEqual({ ok: false, errors: { endTime: 'End time must be at most 24 hours ahead.' } });
    expect(parseSnooze({ endTime: '2026-01-05T09:00:00Z' }, now)).toEqual({ ok: false, errors: { endTime: 'End time must be in the future.' } });
    expect(parseSnooze({ endTime: 'soon' }, now)).toEqual({ ok: false, errors: { endTime: 'End time must be a date and time (ISO 8601).' } });
    expect(parseSnooze({}, now)).toEqual({ ok: false, errors: { endTime: 'End time must be a date and time (ISO 8601).' } });
  });
});
