import type { Database } from '../../src/core/db/index.js';
import '../../src/core/outbox/tables.js';
import '../../src/paging/tables.js';
import type { Receipt } from './storm-receivers.js';
import { TIER2_DELAY_MIN, type Call, type World } from './storm-world.js';

// What a paging storm delivered, compared with what was due. Expected: each incident's tier-1
// and tier-2 person by email and by SMS (the plan), which the API's pages must agree with.
// Received: what the SMTP server and the SMS recorder got. An email duplicate is explained when
// its outbox message has as many attempts whose answer was never recorded (`interrupted`: the
// process died mid-send; `transient_error`: a timeout after the provider had it), the window
// src/core/outbox/README.md documents. SMS goes through Twilio, which the outbox asks before
// sending again after such an attempt (`status()`): a repeated SMS is never explained. Anything
// unexplained is a bug.

export interface StormIncident {
  id: string;
  number: number;
  service: number;
}

/**
 * One server process's life: spawned (real time, and on its clock), ready (real time, and on its
 * clock). What happens after the spawn belongs to it; lateness counts from ready, and work done
 * between the engine's start and the moment /readyz was seen answering counts as 0.
 */
export interface Life {
  spawnedAt: number;
  spawnedClock: number;
  readyAt: number;
  readyClock: number;
}

export interface StormAudit {
  incidents: number;
  pages_expected: number;
  received: number;
  missed: number;
  duplicates: number;
  duplicates_explained: number;
  duplicates_unexplained: number;
  duplicates_by_channel: { email: number; sms: number };
  /** Explained duplicates whose message had a timed-out attempt (no kill needed: the provider answered too late). */
  duplicates_after_timeout: number;
  /** Extra email receipts that carry the first one's Message-ID (a mail client shows one). */
  email_duplicates_same_message_id: number;
  /** Received but not expected (another incident's, a notice, an unknown recipient). */
  unexpected: number;
  /** Pages beyond one per (incident, person, tier, round): the engine paging twice. */
  pages_planned_twice: number;
  /** (incident, person, channel) where the plan and the API's pages disagree. */
  api_disagrees: number;
  interrupted_attempts: number;
  /** Attempts settled by asking the provider (`confirmed`) instead of sending again, by channel. */
  settled_by_status: { email: number; sms: number };
  /** Sends the send journal kept from going twice: recorded from it at a restart, or found there when reclaimed. */
  settled_by_journal: number;
  /** Durable jobs (escalation steps, later notifications) that gave up, by kind and reason: pages that will never go. */
  failed_jobs: Record<string, number>;
  /** Processes that made delivery attempts (two instances: both must have worked). */
  sending_processes: number;
  /** Steps and notifications already due when a server became ready: how long after it they went. */
  overdue_steps: number;
  overdue_fire_after_ready_ms: number[];
  overdue_deliveries: number;
  overdue_delivery_after_ready_ms: number[];
  /** Keys of missed and unexplained duplicate deliveries, for the failure message. */
  missed_keys: string[];
  unexplained_keys: string[];
  /** Each duplicate's story: in which server lives its copies arrived, and its message's attempts. */
  duplicate_traces: string[];
  /** Each interrupted attempt: its message, by which process, when (clock ms) and what closed it. */
  interrupted_traces: string[];
  /** When each server life began, clock ms: to place the interrupted attempts among the restarts. */
  life_starts: number[];
}

const keyOf = (incident: number, userId: string, channel: string) => `${incident}|${userId}|${channel}`;

/** Channels whose provider the outbox can ask whether it took a send (Twilio SMS): no window left there. */
const ASKED: ReadonlySet<string> = new Set(['sms']);

/** The plan: every incident pages its service's tier-1 and tier-2 person on both channels. */
function planned(world: World, incidents: StormIncident[]): Set<string> {
  const out = new Set<string>();
  for (const inc of incidents) {
    const s = world.services[inc.service]!;
    for (const p of [s.tier1, s.tier2]) for (const ch of ['email', 'sms']) out.add(keyOf(inc.number, p.id, ch));
  }
  return out;
}

interface ApiPage {
  user: { id: string };
  tier: number | null;
  round: number | null;
  notifications: { channel: string }[];
}

/** What the API says was paged; and how many pages repeat an (incident, person, tier, round). */
async function fromApi(call: Call, incidents: StormIncident[]): Promise<{ keys: Set<string>; duplicatePages: number }> {
  const keys = new Set<string>();
  let duplicatePages = 0;
  for (const inc of incidents) {
    const res = await call('GET', `/api/v1/incidents/${inc.id}/pages`);
    const seen = new Set<string>();
    for (const p of res.json.pages as ApiPage[]) {
      const step = `${p.user.id}|${p.tier}|${p.round}`;
      if (seen.has(step)) duplicatePages++;
      seen.add(step);
      for (const n of p.notifications) keys.add(keyOf(inc.number, p.user.id, n.channel));
    }
  }
  return { keys, duplicatePages };
}

/** Each storm notification's outbox key, due time and unrecorded attempts, keyed like the plan. */
async function outboxFacts(db: Database) {
  const notes = await db.kysely
    .selectFrom('page_notifications as n')
    .innerJoin('pages as p', 'p.id', 'n.page_id')
    .innerJoin('incidents as i', 'i.id', 'p.incident_id')
    .select(['i.number', 'p.user_id', 'n.channel', 'n.outbox_key', 'n.due_at'])
    .execute();
  const attempts = await db.kysely
    .selectFrom('outbox_attempts as a')
    .innerJoin('outbox_messages as m', 'm.id', 'a.message_id')
    .select(['m.key', 'm.channel', 'a.attempt', 'a.outcome', 'a.owner', 'a.error', 'a.started_at', 'a.finished_at'])
    .orderBy('a.attempt')
    .execute();
  const told = new Map<string, string[]>();
  for (const a of attempts) {
    const took = a.finished_at === null ? 'open' : `${Number(a.finished_at) - Number(a.started_at)} ms`;
    const line = `#${a.attempt} ${a.outcome ?? 'open'} by ${a.owner} (${took})${a.error ? `: ${a.error.slice(0, 100)}` : ''}`;
    told.set(a.key, [...(told.get(a.key) ?? []), line]);
  }
  const unrecorded = new Map<string, number>();
  const timedOut = new Set<string>();
  let interrupted = 0;
  const interruptedTraces: string[] = [];
  const settled = { email: 0, sms: 0 };
  let byJournal = 0;
  const owners = new Set(attempts.map((a) => a.owner));
  for (const a of attempts) {
    if (a.outcome === 'interrupted') {
      interrupted++;
      interruptedTraces.push(`${a.key} #${a.attempt} by ${a.owner}, started ${Number(a.started_at)}, closed ${a.finished_at === null ? 'never' : Number(a.finished_at)}: ${a.error?.slice(0, 120) ?? ''}`);
    }
    if (a.error?.includes('send journal')) byJournal++;
    else if (a.outcome === 'confirmed' && (a.channel === 'email' || a.channel === 'sms')) settled[a.channel]++;
    if (a.outcome === 'interrupted' || a.outcome === 'transient_error') unrecorded.set(a.key, (unrecorded.get(a.key) ?? 0) + 1);
    if (a.outcome === 'transient_error') timedOut.add(a.key);
  }
  const byKey = new Map(
    notes.map((n) => [
      keyOf(Number(n.number), n.user_id, n.channel),
      { outboxKey: n.outbox_key, dueAt: Number(n.due_at), unrecorded: unrecorded.get(n.outbox_key) ?? 0, timedOut: timedOut.has(n.outbox_key), attempts: told.get(n.outbox_key) ?? [] },
    ]),
  );
  return { byKey, interrupted, interruptedTraces, settled, byJournal, owners: owners.size };
}

/** The life a moment (real or clock time) belongs to: the last one spawned at or before it. */
const lifeAt = (lives: Life[], t: number, field: 'spawnedAt' | 'spawnedClock'): Life | undefined => lives.filter((l) => l[field] <= t).at(-1);

/** Escalation steps due before a server was ready and fired in its life: fired_at minus ready, clock time. */
async function overdueSteps(db: Database, lives: Life[]): Promise<number[]> {
  const steps = await db.kysely.selectFrom('escalation_steps as s').innerJoin('escalations as e', 'e.id', 's.escalation_id').select(['s.fired_at', 's.position', 's.round', 'e.started_at']).execute();
  const out: number[] = [];
  for (const s of steps) {
    const due = Number(s.started_at) + (Number(s.position) === 2 ? TIER2_DELAY_MIN : 0) * 60_000;
    const fired = Number(s.fired_at);
    const life = lifeAt(lives, fired, 'spawnedClock');
    if (life && Number(s.round) === 0 && due < life.spawnedClock) out.push(Math.max(0, fired - life.readyClock));
  }
  return out;
}

/** `kind: reason` (attempt numbers left out) and how many jobs failed so. */
const tally = (jobs: { kind: string; last_error: string | null }[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const j of jobs) {
    const why = `${j.kind}: ${(j.last_error ?? 'failed').replace(/\d+/g, 'N').slice(0, 120)}`;
    out[why] = (out[why] ?? 0) + 1;
  }
  return out;
};

/** Audits a finished storm (every server stopped or drained; `call` reaches a live one). */
export async function auditStorm(o: { call: Call; db: Database; world: World; incidents: StormIncident[]; receipts: Receipt[]; lives: Life[] }): Promise<StormAudit> {
  const expected = planned(o.world, o.incidents);
  const api = await fromApi(o.call, o.incidents);
  const apiDisagrees = [...expected].filter((k) => !api.keys.has(k)).length + [...api.keys].filter((k) => !expected.has(k)).length;
  const who = new Map(o.world.people.flatMap((p) => [[p.email, p.id], [p.phone, p.id]] as const));
  const got = new Map<string, Receipt[]>();
  let unexpected = 0;
  for (const r of o.receipts) {
    const userId = who.get(r.to.toLowerCase()) ?? who.get(r.to);
    const key = userId && r.incident !== null ? keyOf(r.incident, userId, r.channel) : null;
    if (!key || !expected.has(key)) unexpected++;
    else got.set(key, [...(got.get(key) ?? []), r]);
  }
  const facts = await outboxFacts(o.db);
  const failedJobs = await o.db.kysely.selectFrom('jobs').select(['kind', 'last_error']).where('status', '=', 'failed').execute();
  const a: StormAudit = {
    incidents: o.incidents.length, pages_expected: expected.size, received: 0, missed: 0, duplicates: 0, duplicates_explained: 0, duplicates_unexplained: 0, duplicates_by_channel: { email: 0, sms: 0 }, duplicates_after_timeout: 0,
    email_duplicates_same_message_id: 0, unexpected, pages_planned_twice: api.duplicatePages, api_disagrees: apiDisagrees, interrupted_attempts: facts.interrupted, settled_by_status: facts.settled, settled_by_journal: facts.byJournal, failed_jobs: tally(failedJobs), sending_processes: facts.owners,
    overdue_steps: 0, overdue_fire_after_ready_ms: await overdueSteps(o.db, o.lives), overdue_deliveries: 0, overdue_delivery_after_ready_ms: [], missed_keys: [], unexplained_keys: [], duplicate_traces: [], interrupted_traces: facts.interruptedTraces, life_starts: o.lives.map((l) => l.spawnedClock),
  };
  a.overdue_steps = a.overdue_fire_after_ready_ms.length;
  for (const key of expected) {
    const rs = got.get(key) ?? [];
    const fact = facts.byKey.get(key);
    if (!rs.length) {
      a.missed++;
      a.missed_keys.push(key);
      continue;
    }
    a.received++;
    const extra = rs.length - 1;
    a.duplicates += extra;
    a.duplicates_by_channel[rs[0]!.channel] += extra;
    const explained = ASKED.has(rs[0]!.channel) ? 0 : Math.min(extra, fact?.unrecorded ?? 0);
    a.duplicates_explained += explained;
    if (fact?.timedOut) a.duplicates_after_timeout += explained;
    if (explained < extra) a.unexplained_keys.push(key);
    const lifeOf = (r: Receipt) => o.lives.filter((l) => l.spawnedAt <= r.at).length;
    if (extra > 0) a.duplicate_traces.push(`${key}: received in lives ${rs.map(lifeOf).join(', ')} (${rs.map((r) => r.at - rs[0]!.at).join(', ')} ms); ${fact?.attempts.join('; ') ?? 'no outbox message'}`);
    a.email_duplicates_same_message_id += rs.slice(1).filter((r) => r.channel === 'email' && r.messageId === rs[0]!.messageId).length;
    const first = Math.min(...rs.map((r) => r.at));
    const life = lifeAt(o.lives, first, 'spawnedAt');
    if (fact && life && fact.dueAt < life.spawnedClock) a.overdue_delivery_after_ready_ms.push(Math.max(0, first - life.readyAt));
  }
  a.duplicates_unexplained = a.duplicates - a.duplicates_explained;
  a.overdue_deliveries = a.overdue_delivery_after_ready_ms.length;
  return a;
}
