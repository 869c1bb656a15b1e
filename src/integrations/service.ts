import { randomBytes } from 'node:crypto';
import { actingRoleOf, roleAtLeast, runner, type Ctx, type TxCtx } from '../core/context.js';
import { ForbiddenError, NotFoundError, unlessMissing, ValidationError } from '../core/errors.js';
import { emit, inTransaction, type Unit } from '../core/events.js';
import { newId } from '../core/ids.js';
import { perObject } from '../core/per-object.js';
import { hashSecret } from '../core/secrets.js';
import { acknowledge, alertKeyText, getAlert, raise, raiseJoining, recover, repeatOpen, repeatOpenMany, reviseOpenAlert, withServicesLocked, type RaiseInput } from '../alerts/service.js';
import type { AlertJson, AlertRevision } from '../alerts/model.js';
import { addNote, getIncident } from '../incidents/service.js';
import { findServiceId, getService } from '../services/service.js';
import { endpointFor, incidentSeverity, loneTriggers, scopedDedupKey, sendersDedupKey, severityMapOf, type SeverityMap, toChangeJson, toKeyJson, type ChangeEventJson, type IntakeEvent, type IntakeUnit, type IntegrationKeyJson, type WebhookMapping } from './model.js';
import { opsgenieNoteText } from './opsgenie.js';
import type { ChangeInput } from './pagerduty.js';
import * as store from './store.js';
import { suppressingRule, type Rule } from './suppression.js';
import { activeRules } from './suppression-rules.js';
import type { IntegrationKeysTable, KeyType, SenderSeverity } from './tables.js';

// Integration keys, and what an event through one does: raise, acknowledge or resolve an alert
// on the key's service (through the alerts domain), or record a change.

export type IntegrationKey = IntegrationKeysTable;

/** A fresh key: 32 hex characters, like PagerDuty's integration keys (senders validate the shape). */
export const newKeySecret = (): string => randomBytes(16).toString('hex');
/**
 * A sender sends the same key with every event, and each event needs its hash twice (its rate
 * limit, its key): a key's hash is kept, up to a thousand keys (then all are forgotten, so that a
 * stream of made-up keys cannot grow it).
 */
const hashes = new Map<string, string>();
const KEPT_HASHES = 1_000;

export const keyHash = (secret: string): string => {
  let hash = hashes.get(secret);
  if (hash === undefined) {
    if (hashes.size >= KEPT_HASHES) hashes.clear();
    hashes.set(secret, (hash = hashSecret(secret)));
  }
  return hash;
};

function requireAdmin(ctx: Ctx): void {
  if (!roleAtLeast(actingRoleOf(ctx.actor), 'admin')) throw new ForbiddenError('Only admins manage integration keys');
}

export interface NewKey {
  name: string;
  type: KeyType;
  default_severity?: SenderSeverity;
  mapping?: WebhookMapping;
}

export async function createKey(ctx: Ctx, serviceId: string, input: NewKey, publicUrl: string): Promise<IntegrationKeyJson & { key: string; endpoint: string }> {
  requireAdmin(ctx);
  await getService(ctx, serviceId);
  const name = input.name.trim();
  if (!name) throw new ValidationError('name must not be blank', 'name');
  if (input.mapping && input.type !== 'webhook') throw new ValidationError('mapping is for webhook keys only', 'mapping');
  const secret = newKeySecret();
  const row: IntegrationKeysTable = {
    id: newId('ikey'),
    service_id: serviceId,
    name,
    type: input.type,
    default_severity: input.default_severity ?? null,
    key_hash: keyHash(secret),
    key_prefix: secret.slice(0, 6),
    mapping: input.mapping ? JSON.stringify(input.mapping) : null,
    created_by: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
    created_at: ctx.clock.now().getTime(),
    revoked_at: null,
  };
  await store.insertKey(ctx.db.kysely, row);
  return { ...toKeyJson(row), key: secret, endpoint: endpointFor(publicUrl, input.type, secret) };
}

export async function listKeys(ctx: Ctx, serviceId: string): Promise<IntegrationKeyJson[]> {
  await getService(ctx, serviceId);
  return (await store.listKeys(runner(ctx), serviceId)).map(toKeyJson);
}

/**
 * Revokes a key: events with it are refused from now on (on other servers within KEYS_TTL_MS).
 * Revoking twice keeps the first time.
 */
export async function revokeKey(ctx: Ctx, serviceId: string, keyId: string): Promise<IntegrationKeyJson> {
  requireAdmin(ctx);
  const row = await store.revokeKey(ctx.db.kysely, serviceId, keyId, ctx.clock.now().getTime());
  forgetKeys(ctx.db);
  if (!row) throw new NotFoundError('Integration key', keyId);
  return toKeyJson(row);
}

/**
 * How long a live key is taken from memory before it is read again: what a revoke (or a service
 * deleted with its keys) on another server, or from the CLI, may take to reach this one. This
 * server drops its copies at once (forgetKeys). Unknown keys are not remembered: a key created on
 * another server works here at once.
 */
export const KEYS_TTL_MS = 10_000;
/** Live keys seen at most (only keys found in the database are kept: senders cannot grow it). */
const KEYS_KEPT = 10_000;

/** Per database: live keys by hash, and a generation bumped by each forgetKeys. */
const keysOf = perObject<object, { generation: number; keys: Map<string, { at: number; key: IntegrationKey }> }>(() => ({ generation: 0, keys: new Map() }));

/** Drops every key this server keeps in memory (a key was revoked, a service deleted). */
export function forgetKeys(db: object): void {
  const kept = keysOf(db);
  kept.generation++;
  kept.keys.clear();
}

/**
 * The live key for a secret a sender presented, or undefined (unknown or revoked). Every intake
 * request asks, so live keys come from memory for KEYS_TTL_MS (see there).
 */
export async function findKey(ctx: Ctx, secret: string): Promise<IntegrationKey | undefined> {
  const hash = keyHash(secret);
  const now = ctx.clock.now().getTime();
  const kept = keysOf(ctx.db);
  const hit = kept.keys.get(hash);
  if (hit && now >= hit.at && now - hit.at < KEYS_TTL_MS) return hit.key;
  const generation = kept.generation;
  const key = await store.findLiveKey(runner(ctx), hash);
  // A revoke that landed while this read was under way may have read before it: not kept then.
  if (key && kept.generation === generation) {
    if (kept.keys.size >= KEYS_KEPT) kept.keys.clear();
    kept.keys.set(hash, { at: now, key });
  }
  return key;
}

/** What one event did: the alert it touched (null when dropped: ack/resolve of nothing open). */
export interface Applied {
  alert_id: string | null;
  created: boolean;
  /** The suppression rule that dropped the event (it was counted there). */
  suppressed_by?: string;
}

/** What a trigger raises, as the alerts domain takes it. */
function raiseInputOf(ctx: Ctx, key: IntegrationKey, source: string, ev: IntakeEvent, map: SeverityMap, rule: Rule | null): RaiseInput {
  return {
    service_id: key.service_id,
    dedup_key: scopedDedupKey(key.id, ev.dedup_key),
    source,
    source_ref: key.id,
    summary: ev.summary,
    severity: incidentSeverity(ev.severity, key, map),
    started_at: ev.started_at ?? ctx.clock.now().getTime(),
    details: { source, integration_key_id: key.id },
    source_details: { ...ev.details, dedup_key: ev.dedup_key, severity: ev.severity ?? key.default_severity ?? 'error', ...(rule ? { suppressed_by: rule.id } : {}) },
    quiet: rule !== null,
  };
}

async function applyOne(ctx: Ctx, key: IntegrationKey, source: string, ev: IntakeEvent, map: () => Promise<SeverityMap>, rules: readonly Rule[], notOpen = false): Promise<Applied> {
  const dedup = scopedDedupKey(key.id, ev.dedup_key);
  const onTimeline = { source, integration_key_id: key.id };
  if (ev.action === 'trigger') {
    // A suppressed event is counted on its rule: dropped ones leave nothing else behind.
    const rule = suppressingRule(rules, key, ev);
    if (rule) await store.countMatch(runner(ctx), rule.id, ctx.clock.now().getTime());
    if (rule?.action === 'drop') return { alert_id: null, created: false, suppressed_by: rule.id };
    const repeated = notOpen ? null : await repeatOpen(ctx, key.service_id, dedup);
    if (repeated) return { alert_id: repeated.id, created: false };
    const raised = await raise(ctx, raiseInputOf(ctx, key, source, ev, await map(), rule));
    return { alert_id: raised.alert.id, created: raised.created };
  }
  if (ev.action === 'acknowledge') {
    const acknowledged = await acknowledge(ctx, { service_id: key.service_id, dedup_key: dedup, summary: ev.summary || ev.dedup_key, details: onTimeline });
    return { alert_id: acknowledged?.id ?? null, created: false };
  }
  const alert = await recover(ctx, { service_id: key.service_id, dedup_key: dedup, summary: ev.summary || 'Resolved by its sender', details: onTimeline, auto_resolve: true });
  return { alert_id: alert?.id ?? null, created: false };
}

/** Severity maps read in a transaction (a commit group applies many requests): once per service. */
const mapsRead = perObject<Unit, Map<string, SeverityMap>>(() => new Map());

async function severityMapIn(t: TxCtx, serviceId: string): Promise<SeverityMap> {
  const maps = mapsRead(t.unit);
  let map = maps.get(serviceId);
  if (!map) maps.set(serviceId, (map = severityMapOf(await store.findSeverityMap(t.tx, serviceId))));
  return map;
}

/**
 * Applies a sender's events in order, in one transaction: all of a POST or none of it.
 * `firstNotOpen`: this transaction already found no open alert for the first event (applyLoneTriggers),
 * so a trigger goes straight to raise (which still counts it as a repeat should one have opened since).
 */
export async function applyEvents(ctx: Ctx, key: IntegrationKey, source: string, events: IntakeEvent[], firstNotOpen = false): Promise<Applied[]> {
  return inTransaction(ctx, async (t) => {
    const out: Applied[] = [];
    const rules = await activeRules(t);
    for (const [i, ev] of events.entries()) out.push(await applyOne(t, key, source, ev, () => severityMapIn(t, key.service_id), rules, firstNotOpen && i === 0));
    return out;
  });
}

/**
 * A commit group's lone triggers (see loneTriggers), all at once: those repeating an open alert
 * counted in one statement, then the new ones that join an open incident stored in one statement
 * (raiseJoining). Per request: what applyEvents would have answered; `not-open` for a lone trigger
 * still to raise (applyEvents with firstNotOpen raises it: it may declare an incident, or met an
 * alert opened meanwhile); null for a request that was not a lone trigger.
 */
export async function applyLoneTriggers(ctx: TxCtx, units: readonly ((IntakeUnit & { key: IntegrationKey; source: string }) | undefined)[]): Promise<(Applied[] | 'not-open' | null)[]> {
  const rules = await activeRules(ctx);
  const lone = loneTriggers(units, (u, ev) => suppressingRule(rules, u.key, ev) === null);
  const repeats = lone.filter((a) => a !== null);
  // The services first, then their alerts: the order raise takes them in. Counting first and
  // locking the service for the new alerts after deadlocked with another instance's group that
  // held the service and met a counted alert (its insert waits for the count's row version).
  return withServicesLocked(
    ctx,
    repeats.map((a) => a.service_id),
    async () => {
      const counted = await repeatOpenMany(ctx, repeats);
      const applied: (Applied[] | 'not-open' | null)[] = lone.map((a) => {
        if (!a) return null;
        const id = counted.get(alertKeyText(a));
        return id ? [{ alert_id: id, created: false }] : 'not-open';
      });
      // Each alert once: the first of the group's triggers of a new key opens it, the others repeat it in order.
      const first = new Set<string>();
      const opening = applied.flatMap((a, i) => (a === 'not-open' && !first.has(alertKeyText(lone[i]!)) && first.add(alertKeyText(lone[i]!)) ? [i] : []));
      const inputs: RaiseInput[] = [];
      for (const i of opening) {
        const u = units[i]!;
        inputs.push(raiseInputOf(ctx, u.key, u.source, u.events[0]!, await severityMapIn(ctx, u.key.service_id), null));
      }
      const opened = await raiseJoining(ctx, inputs);
      const openedNow = new Set<string>();
      opening.forEach((i, k) => {
        const r = opened[k];
        if (r) applied[i] = [{ alert_id: r.alert.id, created: true }];
        if (r) openedNow.add(alertKeyText(lone[i]!));
      });
      // The later triggers of a key just opened are repeats: applied as usual (counted first).
      return applied.map((a, i) => (a === 'not-open' && openedNow.has(alertKeyText(lone[i]!)) ? null : a));
    },
  );
}

/**
 * The key's alert named by Opsgenie's identifier (`id`: the alert id; `alias`: the dedup key): its
 * dedup key, and the alert itself when it was read (by id); null for none of the key's.
 */
export async function identifiedAlert(ctx: Ctx, key: IntegrationKey, identifier: string, type: 'id' | 'alias'): Promise<{ dedup: string; alert: AlertJson | null } | null> {
  if (type === 'alias') return { dedup: identifier, alert: null };
  const alert = await unlessMissing(getAlert(ctx, identifier));
  const dedup = alert && alert.source_ref === key.id ? sendersDedupKey(key.id, alert.dedup_key) : null;
  return dedup === null ? null : { dedup, alert };
}

/**
 * A sender's revision of its open alert: a priority is the sender's severity, mapped on the key's
 * service; `said`, a note and the sender's user given with it, kept with the change on the timeline.
 */
export type SendersRevision = Omit<AlertRevision, 'priority'> & { priority?: { name: string; severity: SenderSeverity }; said?: { note?: string; user?: string } };

/**
 * Revises the key's open alert under the sender's dedup key (reviseOpenAlert); its id, or null when
 * none is open. A note sent with a change that changed nothing (a tag the alert has) still goes on
 * the incident's timeline, as a note: nothing a sender said is dropped.
 */
export async function reviseSendersAlert(ctx: Ctx, key: IntegrationKey, dedup: string, change: SendersRevision, source: string): Promise<string | null> {
  const { priority, said, ...rest } = change;
  const map = priority ? severityMapOf(await store.findSeverityMap(runner(ctx), key.service_id)) : undefined;
  const revision: AlertRevision = { ...rest, ...(priority ? { priority: { name: priority.name, sender: priority.severity, severity: incidentSeverity(priority.severity, key, map) } } : {}) };
  const r = await reviseOpenAlert(ctx, key.service_id, scopedDedupKey(key.id, dedup), revision, { source, integration_key_id: key.id, ...said });
  if (r && !r.revised && said?.note && r.incident_id) await addNote(ctx, { id: r.incident_id, text: opsgenieNoteText(said.note, said.user) });
  return r?.id ?? null;
}

export async function recordChange(ctx: Ctx, serviceId: string, input: ChangeInput, keyId: string | null): Promise<ChangeEventJson> {
  const now = ctx.clock.now().getTime();
  const row = {
    id: newId('chg'),
    service_id: serviceId,
    summary: input.summary,
    source: input.source,
    at: Math.min(input.at ?? now, now),
    links: JSON.stringify(input.links),
    custom_details: JSON.stringify(input.custom_details),
    integration_key_id: keyId,
    created_at: now,
  };
  // A domain event, so that open incident and service pages show a deploy as it lands.
  await inTransaction(ctx, async (t) => {
    await store.insertChange(t.tx, row);
    await emit(t, 'change.recorded', { id: row.id, service_id: serviceId }, now);
  });
  return toChangeJson(row);
}

/** `POST /api/v1/changes`: a CI pipeline names the service by id or name. */
export async function postChange(ctx: Ctx, serviceRef: string, input: ChangeInput): Promise<ChangeEventJson> {
  const serviceId = await findServiceId(ctx, serviceRef);
  if (!serviceId) throw new NotFoundError('Service', serviceRef);
  return recordChange(ctx, serviceId, input, null);
}

export async function listServiceChanges(ctx: Ctx, serviceId: string, limit: number): Promise<ChangeEventJson[]> {
  await getService(ctx, serviceId);
  return (await store.listChanges(runner(ctx), { serviceIds: [serviceId], limit })).map(toChangeJson);
}

/** How far before an incident began its services' changes are worth a look (a deploy as cause). */
export const CHANGES_BEFORE_INCIDENT_MS = 6 * 3600_000;

/**
 * Changes on the incident's services and what they depend on: those in the hours before it
 * started (the probable causes), and those made while it lasted, until it was resolved or now
 * (a rollback, a fix, or a deploy that made it worse), which its responders and its post-mortem
 * need beside the timeline.
 */
export async function incidentChanges(
  ctx: Ctx,
  incidentRef: string,
): Promise<{ since: string; until: string; items: ChangeEventJson[]; during: { until: string; items: ChangeEventJson[] } }> {
  const incident = await getIncident(ctx, { id: incidentRef });
  const ids = new Set(incident.services.map((s) => s.id));
  for (const s of incident.services) {
    const service = await getService(ctx, s.id).catch(() => null);
    for (const d of service?.dependency_ids ?? []) ids.add(d);
  }
  const started = Date.parse(incident.started_at);
  const since = started - CHANGES_BEFORE_INCIDENT_MS;
  const ended = incident.resolved_at ? Date.parse(incident.resolved_at) : ctx.clock.now().getTime();
  const serviceIds = [...ids];
  const before = await store.listChanges(runner(ctx), { serviceIds, since, until: started, limit: 100 });
  const during = ended > started ? await store.listChanges(runner(ctx), { serviceIds, since: started + 1, until: ended, limit: 100 }) : [];
  return {
    since: new Date(since).toISOString(),
    until: incident.started_at,
    items: before.map(toChangeJson),
    during: { until: new Date(Math.max(ended, started)).toISOString(), items: during.map(toChangeJson) },
  };
}

export async function getSeverityMap(ctx: Ctx, serviceId: string): Promise<SeverityMap> {
  await getService(ctx, serviceId);
  return severityMapOf(await store.findSeverityMap(runner(ctx), serviceId));
}

/** Replaces the service's severity map; severities left out keep their defaults. */
export async function setSeverityMap(ctx: Ctx, serviceId: string, map: Partial<SeverityMap>): Promise<SeverityMap> {
  requireAdmin(ctx);
  await getService(ctx, serviceId);
  await store.putSeverityMap(ctx.db.kysely, serviceId, JSON.stringify(map), ctx.clock.now().getTime());
  return severityMapOf(JSON.stringify(map));
}
