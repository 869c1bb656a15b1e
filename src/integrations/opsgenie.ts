import { clip, type IntakeEvent } from './model.js';

// Opsgenie Alert API v2 (create, close, acknowledge, notes, updates), for teams leaving Opsgenie. No I/O.

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Opsgenie's priorities as severities: P1 pages as critical, P4 and P5 open no incident. */
export const PRIORITY_SEVERITY = { P1: 'critical', P2: 'error', P3: 'warning', P4: 'info', P5: 'info' } as const;

/** `Authorization: GenieKey <key>` (Opsgenie also accepts `?apiKey=`); null when absent. */
export function genieKeyOf(authorization: string | undefined, query: unknown): string | null {
  const m = /^GenieKey\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (m) return m[1]!;
  const q = isObject(query) && typeof query.apiKey === 'string' ? query.apiKey : '';
  return q || null;
}

/** Field errors in Opsgenie's shape: `{ field: message }`. */
export type Errors = Record<string, string>;
export type OgParsed<T> = { ok: true; value: T } | { ok: false; errors: Errors };

/** A create request; `generatedAlias` when the caller sends none (Opsgenie makes one up too). */
export function parseCreate(raw: unknown, generatedAlias: string): OgParsed<IntakeEvent> {
  if (!isObject(raw)) return { ok: false, errors: { body: 'Request body must be a JSON object.' } };
  // Go clients (Alertmanager among them) send empty fields as null: read those as absent.
  const body = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null));
  const errors: Errors = {};
  if (typeof body.message !== 'string' || !body.message.trim()) errors.message = 'Message can not be empty.';
  if (body.alias !== undefined && (typeof body.alias !== 'string' || body.alias.length > 512)) errors.alias = 'Alias must be a string of at most 512 characters.';
  if (body.priority !== undefined && !(typeof body.priority === 'string' && body.priority in PRIORITY_SEVERITY)) errors.priority = 'Priority should be one of [P1, P2, P3, P4, P5].';
  if (body.tags !== undefined && !(Array.isArray(body.tags) && body.tags.every((t) => typeof t === 'string'))) errors.tags = 'Tags must be a list of strings.';
  if (body.details !== undefined && !isObject(body.details)) errors.details = 'Details must be an object of string values.';
  for (const f of ['description', 'entity', 'source', 'note', 'user'] as const) {
    if (body[f] !== undefined && typeof body[f] !== 'string') errors[f] = `${f[0]!.toUpperCase()}${f.slice(1)} must be a string.`;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const priority = (body.priority ?? 'P3') as keyof typeof PRIORITY_SEVERITY;
  const details: Record<string, unknown> = { priority, tags: body.tags ?? [], custom_details: body.details ?? {} };
  for (const f of ['description', 'entity', 'source', 'note', 'user'] as const) if (body[f]) details[f] = body[f];
  return {
    ok: true,
    value: {
      action: 'trigger',
      dedup_key: typeof body.alias === 'string' && body.alias ? body.alias : generatedAlias,
      summary: clip((body.message as string).trim(), 130),
      severity: PRIORITY_SEVERITY[priority],
      started_at: null,
      details,
    },
  };
}

/** close / acknowledge / notes: an optional `note` (required for notes), `user`, `source`. */
export function parseAction(body: unknown, action: 'close' | 'acknowledge' | 'notes'): OgParsed<{ note: string | null; user: string | null }> {
  const b = body === undefined || body === null || body === '' ? {} : body;
  if (!isObject(b)) return { ok: false, errors: { body: 'Request body must be a JSON object.' } };
  const errors: Errors = {};
  for (const f of ['note', 'user', 'source'] as const) if (b[f] !== undefined && typeof b[f] !== 'string') errors[f] = `${f} must be a string.`;
  if (action === 'notes' && (typeof b.note !== 'string' || !b.note.trim())) errors.note = 'Note can not be empty.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { note: typeof b.note === 'string' && b.note.trim() ? b.note.trim() : null, user: typeof b.user === 'string' ? b.user : null } };
}

/** What an update request changes: the message (the alert's summary) or its description. */
export type TextField = 'message' | 'description';

/** `{ message }` (at most 130 characters, kept as Opsgenie clips it) or `{ description }` (at most 15,000). */
export function parseTextUpdate(body: unknown, field: TextField): OgParsed<string> {
  if (!isObject(body)) return { ok: false, errors: { body: 'Request body must be a JSON object.' } };
  const v = body[field];
  const label = field === 'message' ? 'Message' : 'Description';
  if (typeof v !== 'string' || (field === 'message' && !v.trim())) return { ok: false, errors: { [field]: `${label} can not be empty.` } };
  if (field === 'description' && v.length > 15_000) return { ok: false, errors: { description: 'Description must be at most 15000 characters.' } };
  return { ok: true, value: field === 'message' ? clip(v.trim(), 130) : v };
}

/** Opsgenie's limits on an alert's tags: each at most 50 characters, at most 20 at a time. */
const TAG_MAX = 50;
const TAGS_MAX = 20;

/** Tags as Opsgenie takes them: a list in a body, or comma-separated in a query (DELETE). */
function tagList(v: unknown, field: string, inQuery = false): OgParsed<string[]> {
  const list = inQuery ? (typeof v === 'string' ? v.split(',') : v === undefined ? [] : v) : v;
  if (!Array.isArray(list) || !list.every((t) => typeof t === 'string')) return { ok: false, errors: { [field]: 'Tags must be a list of strings.' } };
  const tags = [...new Set(list.map((t) => t.trim()).filter(Boolean))];
  if (!tags.length) return { ok: false, errors: { [field]: 'Tags can not be empty.' } };
  if (tags.length > TAGS_MAX) return { ok: false, errors: { [field]: `At most ${TAGS_MAX} tags at a time.` } };
  if (tags.some((t) => t.length > TAG_MAX)) return { ok: false, errors: { [field]: `Each tag must be at most ${TAG_MAX} characters.` } };
  return { ok: true, value: tags };
}

/** What a tags or details change may say besides: a `note` and the `user` who made it (body, or a DELETE's query). */
export interface SaidWith {
  note?: string;
  user?: string;
}

/** `note` and `user` of a change, when given as strings; null when one is not a string. */
function saidWith(from: unknown, errors: Errors): SaidWith {
  const said: SaidWith = {};
  if (!isObject(from)) return said;
  for (const f of ['note', 'user'] as const) {
    const v = from[f];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') errors[f] = `${f[0]!.toUpperCase()}${f.slice(1)} must be a string.`;
    else if (v.trim()) said[f] = clip(v.trim(), f === 'note' ? 25_000 : 100);
  }
  return said;
}

/** A change's value with what was said with it, or every field that is wrong. */
export function withSaid<T>(parsed: OgParsed<T>, from: unknown): OgParsed<{ value: T; said: SaidWith }> {
  const errors: Errors = parsed.ok ? {} : { ...parsed.errors };
  const said = saidWith(from, errors);
  return parsed.ok && !Object.keys(errors).length ? { ok: true, value: { value: parsed.value, said } } : { ok: false, errors };
}

/** `POST /v2/alerts/:id/tags`: `{ tags: [...], note?, user? }`; `DELETE` with `?tags=a,b&note=…`. */
export const parseAddTags = (body: unknown): OgParsed<{ value: string[]; said: SaidWith }> =>
  isObject(body) ? withSaid(tagList(body.tags, 'tags'), body) : { ok: false, errors: { body: 'Request body must be a JSON object.' } };
export const parseRemoveTags = (query: unknown): OgParsed<{ value: string[]; said: SaidWith }> => withSaid(tagList(isObject(query) ? query.tags : undefined, 'tags', true), query);

/** Custom details as Opsgenie takes them: an object of string values. */
function detailsOf(d: unknown): OgParsed<Record<string, string>> {
  if (!isObject(d) || !Object.keys(d).length) return { ok: false, errors: { details: 'Details can not be empty.' } };
  if (!Object.values(d).every((v) => typeof v === 'string')) return { ok: false, errors: { details: 'Details must be an object of string values.' } };
  if (Object.keys(d).some((k) => !k.trim())) return { ok: false, errors: { details: 'Detail keys can not be empty.' } };
  return { ok: true, value: d as Record<string, string> };
}

/** `POST /v2/alerts/:id/details`: `{ details: { key: "value" }, note?, user? }`. */
export const parseAddDetails = (body: unknown): OgParsed<{ value: Record<string, string>; said: SaidWith }> =>
  isObject(body) ? withSaid(detailsOf(body.details), body) : { ok: false, errors: { body: 'Request body must be a JSON object.' } };

/** `DELETE /v2/alerts/:id/details?keys=a,b&note=…`. */
export function parseRemoveDetails(query: unknown): OgParsed<{ value: string[]; said: SaidWith }> {
  const raw = isObject(query) && typeof query.keys === 'string' ? query.keys : '';
  const keys = [...new Set(raw.split(',').map((k) => k.trim()).filter(Boolean))];
  return withSaid(keys.length ? { ok: true, value: keys } : { ok: false, errors: { keys: 'Keys can not be empty.' } }, query);
}

/** `PUT /v2/alerts/:id/priority`: `{ priority: "P1" }`. */
export function parsePriority(body: unknown): OgParsed<keyof typeof PRIORITY_SEVERITY> {
  if (!isObject(body)) return { ok: false, errors: { body: 'Request body must be a JSON object.' } };
  const p = body.priority;
  if (!(typeof p === 'string' && Object.hasOwn(PRIORITY_SEVERITY, p))) return { ok: false, errors: { priority: 'Priority should be one of [P1, P2, P3, P4, P5].' } };
  return { ok: true, value: p as keyof typeof PRIORITY_SEVERITY };
}

/** A note from Opsgenie's API as the incident's timeline keeps it: the words, then who sent them. */
export const opsgenieNoteText = (note: string, user: string | null | undefined): string => (user ? `${note} (${user}, via Opsgenie API)` : note);

/** Why an alert action Tocsin does not do is refused, and what to do instead. */
export function unsupportedAction(action: string, custom: boolean): string {
  if (custom) return `Tocsin runs no custom actions ("${action}"): add a note (POST /v2/alerts/:identifier/notes) or page someone (POST /v2/alerts/:identifier/responders)`;
  if (action.toLowerCase() === 'unacknowledge') {
    return 'Tocsin does not take an acknowledgement back (unacknowledge): escalate now (POST /v2/alerts/:identifier/escalate), or the escalation policy’s acknowledgement timeout pages again';
  }
  return `Tocsin’s Opsgenie Alert API has no "${action}" action for an alert; it takes close, acknowledge, notes, assign, responders, escalate, snooze, tags and details (POST) and message, description and priority (PUT)`;
}
