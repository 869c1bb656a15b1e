import { withSaid, type OgParsed, type SaidWith } from './opsgenie.js';

// Opsgenie's requests that bring people in, as Tocsin's paging does them: assign (the owner is
// paged), add a responder (a user, a team's members or a schedule's on-call person is paged: the
// seed's lateral escalation), escalate (the next tier of the alert's escalation policy is paged
// now) and snooze (an acknowledged alert's paging waits until endTime). Parsing only: no I/O.

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const BODY = { ok: false, errors: { body: 'Request body must be a JSON object.' } } as const;

/** Whom a request names, as Opsgenie names them: a user by id or username (the email), a team or schedule by id or name. */
export type ResponderRef = { type: 'user'; id?: string; username?: string } | { type: 'team' | 'schedule'; id?: string; name?: string };

/** An escalation policy as Opsgenie names an escalation: by id or name. */
export interface PolicyRef {
  id?: string;
  name?: string;
}

const text = (v: unknown, max: number): string | undefined => (typeof v === 'string' && v.trim() && v.length <= max ? v.trim() : undefined);

function refOf(raw: unknown, field: string, type: ResponderRef['type']): OgParsed<ResponderRef> {
  if (!isObject(raw)) return { ok: false, errors: { [field]: `${field} must be an object naming a ${type}.` } };
  const id = text(raw.id, 200);
  if (type === 'user') {
    const username = text(raw.username, 320);
    return id || username ? { ok: true, value: { type, ...(id ? { id } : {}), ...(username ? { username } : {}) } } : { ok: false, errors: { [field]: `${field} must have an id or a username.` } };
  }
  const name = text(raw.name, 200);
  return id || name ? { ok: true, value: { type, ...(id ? { id } : {}), ...(name ? { name } : {}) } } : { ok: false, errors: { [field]: `${field} must have an id or a name.` } };
}

/** `POST /v2/alerts/:id/escalate`: `{ escalation: { id | name }, user?, note? }`: the escalation policy whose next tier is paged now. */
export const parseEscalate = (body: unknown): OgParsed<{ value: PolicyRef; said: SaidWith }> => {
  if (!isObject(body)) return BODY;
  const raw = body.escalation;
  if (!isObject(raw)) return { ok: false, errors: { escalation: 'escalation must be an object naming an escalation policy.' } };
  const [id, name] = [text(raw.id, 200), text(raw.name, 200)];
  return withSaid(id || name ? { ok: true, value: { ...(id ? { id } : {}), ...(name ? { name } : {}) } } : { ok: false, errors: { escalation: 'escalation must have an id or a name.' } }, body);
};

/** `POST /v2/alerts/:id/assign`: `{ owner: { id | username }, user?, note? }`. */
export const parseAssign = (body: unknown): OgParsed<{ value: ResponderRef; said: SaidWith }> => (isObject(body) ? withSaid(refOf(body.owner, 'owner', 'user'), body) : BODY);

const RESPONDER_TYPES = ['user', 'team', 'schedule'] as const;

/** `POST /v2/alerts/:id/responders`: `{ responder: { type, id | name | username }, user?, note? }`. */
export function parseAddResponder(body: unknown): OgParsed<{ value: ResponderRef; said: SaidWith }> {
  if (!isObject(body)) return BODY;
  const r = body.responder;
  const type = isObject(r) ? r.type : undefined;
  if (type === 'escalation') return { ok: false, errors: { 'responder.type': 'An escalation as a responder is not supported here: name a user, a team or a schedule (a service’s escalation policy pages on its own).' } };
  if (!RESPONDER_TYPES.includes(type as (typeof RESPONDER_TYPES)[number])) return { ok: false, errors: { 'responder.type': 'Responder type should be one of [user, team, schedule].' } };
  return withSaid(refOf(r, 'responder', type as ResponderRef['type']), body);
}

/** The longest snooze: Tocsin's own (a day). */
export const MAX_SNOOZE_MS = 24 * 60 * 60_000;

/** `POST /v2/alerts/:id/snooze`: `{ endTime: RFC 3339, user?, note? }`, in the future, at most a day ahead; as whole minutes from now, rounded up. */
export function parseSnooze(body: unknown, now: number): OgParsed<{ value: number; said: SaidWith }> {
  if (!isObject(body)) return BODY;
  const end = typeof body.endTime === 'string' ? Date.parse(body.endTime) : Number.NaN;
  const minutes: OgParsed<number> = Number.isNaN(end)
    ? { ok: false, errors: { endTime: 'End time must be a date and time (ISO 8601).' } }
    : end <= now
      ? { ok: false, errors: { endTime: 'End time must be in the future.' } }
      : end - now > MAX_SNOOZE_MS
        ? { ok: false, errors: { endTime: 'End time must be at most 24 hours ahead.' } }
        : { ok: true, value: Math.ceil((end - now) / 60_000) };
  return withSaid(minutes, body);
}
