import type { Static } from 'typebox';
import { toIso } from '../core/clock.js';
import type { Severity } from '../incidents/model.js';
import type * as S from './schemas.js';
import type { ChangeEventsTable, IntegrationKeysTable, KeyType, SenderSeverity } from './tables.js';

// Integration keys and the one event shape every wire format becomes. No I/O, no clock.

export type IntegrationKeyJson = Static<typeof S.IntegrationKeySchema>;
export type ChangeEventJson = Static<typeof S.ChangeEventSchema>;
export type WebhookMapping = Static<typeof S.WebhookMappingSchema>;

export const KEY_TYPES: readonly KeyType[] = ['pagerduty', 'alertmanager', 'opsgenie', 'webhook'];
export const SENDER_SEVERITIES: readonly SenderSeverity[] = ['critical', 'error', 'warning', 'info'];

/** What a sender's event asks for, whatever its wire format. */
export interface IntakeEvent {
  action: 'trigger' | 'acknowledge' | 'resolve';
  /** The sender's key for "the same problem" (PagerDuty dedup_key, Alertmanager fingerprint, Opsgenie alias). */
  dedup_key: string;
  summary: string;
  severity: SenderSeverity | null;
  /** When the sender saw it begin (epoch ms), if it said. */
  started_at: number | null;
  /** Labels, annotations, links, images, client ...: kept on the alert. */
  details: Record<string, unknown>;
}

/** Per sender severity: the incident severity it opens, or `none` (an alert, no incident). */
export type SeverityMap = Record<SenderSeverity, Severity | 'none'>;

/** What a service maps to unless it says otherwise. */
export const DEFAULT_SEVERITY_MAP: SeverityMap = { critical: 'SEV-2', error: 'SEV-3', warning: 'SEV-4', info: 'none' };

/** The service's map over the defaults (a stored map may name only some severities). */
export function severityMapOf(json: string | undefined): SeverityMap {
  if (!json) return DEFAULT_SEVERITY_MAP;
  return { ...DEFAULT_SEVERITY_MAP, ...(JSON.parse(json) as Partial<SeverityMap>) };
}

/** A sender's severity (else the key's default, else error) as the alert's: `info` opens no incident. */
export function incidentSeverity(s: SenderSeverity | null, key: Pick<IntegrationKeysTable, 'default_severity'>, map: SeverityMap = DEFAULT_SEVERITY_MAP): Severity | 'info' {
  const mapped = map[s ?? key.default_severity ?? 'error'];
  return mapped === 'none' ? 'info' : mapped;
}

/** The alert's dedup key in Tocsin: the sender's, scoped to the key it came through. */
export const scopedDedupKey = (keyId: string, dedupKey: string): string => `${keyId}:${dedupKey}`;

/** The sender's own dedup key (alias) of an alert that came through the key; null for another key's. */
export const sendersDedupKey = (keyId: string, scoped: string): string | null => (scoped.startsWith(`${keyId}:`) ? scoped.slice(keyId.length + 1) : null);

/** A sender's request as intake applies it: its events, through one key. */
export interface IntakeUnit {
  key: Pick<IntegrationKeysTable, 'id' | 'service_id'>;
  events: readonly IntakeEvent[];
}

/**
 * Which requests of a commit group may be counted up front as repeats, all in one statement: a
 * request of one trigger that `countable` allows (no suppression rule applies to it) and whose
 * alert no other request of the group touches otherwise (an acknowledge, a resolve or a
 * multi-event request must keep its place in the order). Per request, the alert it would repeat,
 * or null: its own work runs as usual (and raises, or repeats, in order).
 */
export function loneTriggers<U extends IntakeUnit>(units: readonly (U | undefined)[], countable: (unit: U, ev: IntakeEvent) => boolean): ({ service_id: string; dedup_key: string } | null)[] {
  const alertOf = (u: IntakeUnit, ev: IntakeEvent) => ({ service_id: u.key.service_id, dedup_key: scopedDedupKey(u.key.id, ev.dedup_key) });
  const lone = units.map((u) => (u && u.events.length === 1 && u.events[0]!.action === 'trigger' && countable(u, u.events[0]!) ? alertOf(u, u.events[0]!) : null));
  const elsewhere = new Set<string>();
  units.forEach((u, i) => {
    if (u && !lone[i]) for (const ev of u.events) elsewhere.add(JSON.stringify(alertOf(u, ev)));
  });
  return lone.map((a) => (a && !elsewhere.has(JSON.stringify(a)) ? a : null));
}

export const DEFAULT_MAPPING: WebhookMapping = {
  summary: 'summary',
  severity: 'severity',
  dedup_key: 'dedup_key',
  status: 'status',
  resolve_values: ['resolved', 'ok', 'closed'],
};

/** Where a sender posts, for a key of this type (`key` only right after creation). */
export function endpointFor(publicUrl: string, type: KeyType, key: string): string {
  switch (type) {
    case 'pagerduty':
      return `${publicUrl}/v2/enqueue`;
    case 'opsgenie':
      return `${publicUrl}/`;
    case 'alertmanager':
      return `${publicUrl}/integrations/alertmanager/${key}`;
    case 'webhook':
      return `${publicUrl}/integrations/webhook/${key}`;
  }
}

export function toKeyJson(r: IntegrationKeysTable): IntegrationKeyJson {
  return {
    id: r.id,
    service_id: r.service_id,
    name: r.name,
    type: r.type,
    default_severity: r.default_severity,
    key_prefix: r.key_prefix,
    mapping: r.mapping ? (JSON.parse(r.mapping) as WebhookMapping) : null,
    created_by: r.created_by,
    created_at: toIso(r.created_at)!,
    revoked_at: toIso(r.revoked_at),
  };
}

export const toChangeJson = (r: ChangeEventsTable): ChangeEventJson => ({
  id: r.id,
  service_id: r.service_id,
  summary: r.summary,
  source: r.source,
  at: toIso(r.at)!,
  links: JSON.parse(r.links) as ChangeEventJson['links'],
  custom_details: JSON.parse(r.custom_details) as Record<string, unknown>,
  integration_key_id: r.integration_key_id,
});

/**
 * The value at a JSON path such as `$.alert.labels.severity`, `data.items[0].name` or
 * `tags.0`; undefined when any step is missing.
 */
export function atPath(value: unknown, path: string): unknown {
  const steps = path.replace(/^\$\.?/, '').match(/[^.[\]]+/g) ?? [];
  let cur: unknown = value;
  for (const step of steps) {
    // Own fields only: a sender's JSON has no `constructor` or `__proto__` of its own.
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, step)) return undefined;
    cur = (cur as Record<string, unknown>)[step];
  }
  return cur;
}

/** A string worth keeping from a sender's value (numbers and booleans as text), else null. */
export function textOf(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

/** A sender's timestamp as epoch ms; null when absent or not a time. */
export function timeOf(v: unknown): number | null {
  if (typeof v !== 'string' || !v) return null;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : at;
}

/** Common severity words (Prometheus labels, Grafana, Datadog) as the four PagerDuty knows. */
export function severityWord(v: unknown): SenderSeverity | null {
  const s = textOf(v)?.toLowerCase();
  if (!s) return null;
  if ((SENDER_SEVERITIES as readonly string[]).includes(s)) return s as SenderSeverity;
  if (['page', 'high', 'fatal', 'emergency', 'alert', 'p1', 'sev1', 'sev-1'].includes(s)) return 'critical';
  if (['err', 'major', 'p2', 'sev2', 'sev-2'].includes(s)) return 'error';
  if (['warn', 'minor', 'medium', 'p3', 'sev3', 'sev-3'].includes(s)) return 'warning';
  if (['low', 'none', 'notice', 'debug', 'ok', 'p4', 'p5'].includes(s)) return 'info';
  return null;
}

/** A summary no longer than PagerDuty's 1024 characters. */
export const clip = (s: string, max = 1024): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
