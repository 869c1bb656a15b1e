import { clip, severityWord, SENDER_SEVERITIES, textOf, timeOf, type IntakeEvent } from './model.js';

// PagerDuty Events API v2, as PagerDuty documents it: the rules for an alert event and a change
// event; and v1's alert event, which older senders still send. No I/O: the caller supplies the generated dedup key.

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const ACTIONS = ['trigger', 'acknowledge', 'resolve'] as const;
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Notes the error; nothing to keep. */
export function refused(errors: string[], message: string): [] {
  errors.push(message);
  return [];
}

/** `routing_key` as given, or null: checked before anything else so a bad key reads as one. */
export const routingKeyOf = (body: unknown): string | null => (isObject(body) && typeof body.routing_key === 'string' && body.routing_key ? body.routing_key : null);

function linksOf(v: unknown, errors: string[], field: string): { href: string; text?: string }[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return refused(errors, `'${field}' must be an array`);
  return v.flatMap((l, i) => {
    if (!isObject(l) || typeof l.href !== 'string') return refused(errors, `'${field}[${i}].href' is missing`);
    return [{ href: l.href, ...(typeof l.text === 'string' ? { text: l.text } : {}) }];
  });
}

function imagesOf(v: unknown, errors: string[]): { src: string; href?: string; alt?: string }[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return refused(errors, "'images' must be an array");
  return v.flatMap((img, i) => {
    if (!isObject(img) || typeof img.src !== 'string') return refused(errors, `'images[${i}].src' is missing`);
    return [{ src: img.src, ...(typeof img.href === 'string' ? { href: img.href } : {}), ...(typeof img.alt === 'string' ? { alt: img.alt } : {}) }];
  });
}

/** An alert event (trigger / acknowledge / resolve); `generatedKey` makes one when a trigger has no dedup_key (only then: random bytes per event cost). */
export function parseAlertEvent(body: unknown, generatedKey: () => string): Parsed<IntakeEvent> {
  if (!isObject(body)) return { ok: false, errors: ['Event object must be a JSON object'] };
  const errors: string[] = [];
  const action = body.event_action;
  if (typeof action !== 'string' || !(ACTIONS as readonly string[]).includes(action)) {
    errors.push(`'event_action' is invalid (must be one of: ${ACTIONS.join(', ')})`);
  }
  const dedup = body.dedup_key;
  if (dedup !== undefined && dedup !== null && (typeof dedup !== 'string' || dedup.length > 255)) errors.push("'dedup_key' must be a string of at most 255 characters");
  const hasKey = typeof dedup === 'string' && dedup.length > 0;
  if (action !== 'trigger' && !hasKey && errors.length === 0) errors.push(`'dedup_key' is required for ${String(action)} events`);
  const links = linksOf(body.links, errors, 'links');
  const images = imagesOf(body.images, errors);
  if (action !== 'trigger') {
    if (errors.length) return { ok: false, errors };
    return { ok: true, value: { action: action as IntakeEvent['action'], dedup_key: dedup as string, summary: '', severity: null, started_at: null, details: {} } };
  }
  const p = body.payload;
  if (!isObject(p)) errors.push("'payload' is missing or not an object");
  else {
    if (!textOf(p.summary) || typeof p.summary !== 'string') errors.push("'payload.summary' is missing or blank");
    if (!textOf(p.source) || typeof p.source !== 'string') errors.push("'payload.source' is missing or blank");
    if (typeof p.severity !== 'string' || !(SENDER_SEVERITIES as readonly string[]).includes(p.severity)) {
      errors.push(`'payload.severity' is invalid (must be one of: ${SENDER_SEVERITIES.join(', ')})`);
    }
    if (p.timestamp !== undefined && timeOf(p.timestamp) === null) errors.push("'payload.timestamp' must be an ISO 8601 time");
    if (p.custom_details !== undefined && p.custom_details !== null && typeof p.custom_details !== 'object') errors.push("'payload.custom_details' must be an object");
  }
  if (errors.length || !isObject(p)) return { ok: false, errors };
  const details: Record<string, unknown> = { source: p.source, links, images };
  for (const f of ['component', 'group', 'class', 'custom_details'] as const) if (p[f] !== undefined) details[f] = p[f];
  for (const f of ['client', 'client_url'] as const) if (typeof body[f] === 'string') details[f] = body[f];
  return {
    ok: true,
    value: {
      action: 'trigger',
      dedup_key: hasKey ? (dedup as string) : generatedKey(),
      summary: clip((p.summary as string).trim()),
      severity: severityWord(p.severity),
      started_at: timeOf(p.timestamp),
      details,
    },
  };
}

/** `service_key` of an Events API v1 event, as given, or null. */
export const serviceKeyOf = (body: unknown): string | null => (isObject(body) && typeof body.service_key === 'string' && body.service_key ? body.service_key : null);

/** v1's `contexts` (links and images in one list) as v2's two. */
function contextsOf(v: unknown, errors: string[]): { links: { href: string; text?: string }[]; images: { src: string; href?: string; alt?: string }[] } {
  if (v === undefined || v === null) return { links: [], images: [] };
  if (!Array.isArray(v)) return { links: refused(errors, "'contexts' must be an array"), images: [] };
  const links = linksOf(v.filter((c) => isObject(c) && c.type === 'link'), errors, 'contexts(link)');
  const images = imagesOf(v.filter((c) => isObject(c) && c.type === 'image'), errors);
  if (v.some((c) => !isObject(c) || (c.type !== 'link' && c.type !== 'image'))) errors.push("'contexts[].type' must be link or image");
  return { links, images };
}

/**
 * An Events API v1 event (`/generic/2010-04-15/create_event.json`, which older senders still
 * use): `event_type` and `incident_key` are v2's `event_action` and `dedup_key`, `description`
 * its summary. v1 has no severity: the key's default applies (else error).
 */
export function parseV1Event(body: unknown, generatedKey: () => string): Parsed<IntakeEvent> {
  if (!isObject(body)) return { ok: false, errors: ['Event object must be a JSON object'] };
  const errors: string[] = [];
  const action = body.event_type;
  if (typeof action !== 'string' || !(ACTIONS as readonly string[]).includes(action)) errors.push(`'event_type' is invalid (must be one of: ${ACTIONS.join(', ')})`);
  const key = body.incident_key;
  if (key !== undefined && key !== null && (typeof key !== 'string' || key.length > 255)) errors.push("'incident_key' must be a string of at most 255 characters");
  const hasKey = typeof key === 'string' && key.length > 0;
  if (action !== 'trigger' && !hasKey && errors.length === 0) errors.push(`'incident_key' is required for ${String(action)} events`);
  if (action === 'trigger' && (typeof body.description !== 'string' || !textOf(body.description))) errors.push("'description' is missing or blank");
  const { links, images } = contextsOf(body.contexts, errors);
  if (errors.length) return { ok: false, errors };
  if (action !== 'trigger') return { ok: true, value: { action: action as IntakeEvent['action'], dedup_key: key as string, summary: '', severity: null, started_at: null, details: {} } };
  const details: Record<string, unknown> = { links, images };
  // An object, as v1 documents it; older scripts send a line of text too: kept, not refused.
  if (isObject(body.details)) details.custom_details = body.details;
  else if (body.details !== undefined && body.details !== null) details.custom_details = { details: body.details };
  for (const f of ['client', 'client_url'] as const) if (typeof body[f] === 'string') details[f] = body[f];
  return { ok: true, value: { action: 'trigger', dedup_key: hasKey ? (key as string) : generatedKey(), summary: clip((body.description as string).trim()), severity: null, started_at: null, details } };
}

export interface ChangeInput {
  summary: string;
  source: string | null;
  at: number | null;
  links: { href: string; text?: string }[];
  custom_details: Record<string, unknown>;
}

/** A change event (`/v2/change/enqueue`, and `POST /api/v1/changes` shares the payload rules). */
export function parseChangeEvent(body: unknown): Parsed<ChangeInput> {
  if (!isObject(body)) return { ok: false, errors: ['Event object must be a JSON object'] };
  const errors: string[] = [];
  const p = body.payload;
  const links = linksOf(body.links, errors, 'links');
  if (!isObject(p)) errors.push("'payload' is missing or not an object");
  else {
    if (typeof p.summary !== 'string' || !p.summary.trim()) errors.push("'payload.summary' is missing or blank");
    if (p.source !== undefined && typeof p.source !== 'string') errors.push("'payload.source' must be a string");
    if (p.timestamp !== undefined && timeOf(p.timestamp) === null) errors.push("'payload.timestamp' must be an ISO 8601 time");
    if (p.custom_details !== undefined && !isObject(p.custom_details)) errors.push("'payload.custom_details' must be an object");
  }
  if (errors.length || !isObject(p)) return { ok: false, errors };
  return {
    ok: true,
    value: {
      summary: clip((p.summary as string).trim()),
      source: typeof p.source === 'string' ? p.source : null,
      at: timeOf(p.timestamp),
      links,
      custom_details: isObject(p.custom_details) ? p.custom_details : {},
    },
  };
}
