// `tocsin probe`: checks from another place. It fetches its location's monitors, checks them on
// their slots (the same CheckScheduler and checkers as the server), and reports the results in
// batches. When the server is away it keeps checking and keeps the results on disk, then
// delivers them oldest first; the server records each slot once, so a resend is harmless.
import { CliError } from '../cli/common.js';
import type { Logger } from '../core/log.js';
import { LOCATION_HEADER, runCheck } from './checks/index.js';
import type { ActiveSpec, CheckOutcome } from './model.js';
import { ProbeBuffer, type ProbeResult } from './probe-buffer.js';
import { probeClient, type Answer, type Assignment, type Assignments, type ProbeClient } from './probe-client.js';
import { confirmOf } from './model.schedule.js';
import { CheckScheduler, type Scheduled, type Slot } from './scheduler.js';

export interface ProbeOptions {
  server: string;
  token: string;
  location: string;
  bufferDir: string;
  maxInFlight: number;
  maxBufferBytes: number;
  /** Tests: intervals, timeouts and the assignment poll divided by this (TOCSIN_MONITOR_TIME_SCALE). */
  timeScale: number;
  log: Logger;
  /** Override for tests. */
  client?: ProbeClient;
}

export interface Probe {
  /** Resolves once stopped (stop() or a signal); rejects when the token is refused. */
  done: Promise<void>;
  /** Stops checking, delivers or persists what is pending. */
  stop(): Promise<void>;
}

export const ASSIGNMENTS_EVERY_MS = 15_000;
const FLUSH_EVERY_MS = 500;
const BATCH = 1000;
export const REFUSED = 'the probe token was refused (was the location removed?)';

interface Item extends Scheduled {
  spec: ActiveSpec;
  version: number;
}

const toResult = (monitorId: string, slot: Slot, o: CheckOutcome): ProbeResult => ({
  monitor_id: monitorId,
  at: slot.dueAt,
  status: o.status,
  failure: o.failure,
  latency_ms: Math.min(3_600_000, Math.max(0, Math.round(o.latency_ms))),
  message: o.message === null ? null : o.message.slice(0, 500),
});

export async function startProbe(o: ProbeOptions): Promise<Probe> {
  const log = o.log;
  const client = o.client ?? probeClient(o.server, o.token);
  const buffer = await ProbeBuffer.open(o.bufferDir, { maxBytes: o.maxBufferBytes, log });
  const now = () => Date.now();
  const scaled = (ms: number) => Math.max(1, Math.round(ms / o.timeScale));
  let pending: ProbeResult[] = [];
  let reachable: boolean | null = null;
  let saved = '';
  let stopped = false;
  let flushing: Promise<void> = Promise.resolve();
  const timers: NodeJS.Timeout[] = [];
  let missed = 0;
  let lastMissedLog = 0;
  /** updated_at of each monitor scheduled here. */
  const versions = new Map<string, number>();
  let finish!: (err?: unknown) => void;
  const done = new Promise<void>((resolve, reject) => (finish = (err) => (err ? reject(err) : resolve())));

  const scheduler = new CheckScheduler<Item>({
    now,
    maxInFlight: o.maxInFlight,
    run: async (item, signal) => {
      const outcome = await runCheck(item.spec, { timeoutMs: item.timeoutMs, now, signal, extraHeaders: { [LOCATION_HEADER]: o.location } });
      return outcome.failure === 'error' && signal.aborted ? { ...outcome, failure: 'timeout', message: `no answer within ${item.timeoutMs} ms` } : outcome;
    },
    onResult: (item, slot, outcome) => {
      pending.push(toResult(item.key, slot, outcome));
      if (pending.length >= BATCH) flush();
    },
    onMissed: (item, dueAt, why) => {
      missed++;
      // Said out loud, never silently stretched; at most once a minute in the log.
      if (now() - lastMissedLog < 60_000) return;
      lastMissedLog = now();
      log.warn({ monitor: item.key, due: new Date(dueAt).toISOString(), why, missed_total: missed }, 'the probe is behind: a check slot was missed');
    },
    onError: (err, item) => log.error({ err, monitor: item.key }, 'probe result handling failed'),
  });

  /** Says once when the server goes away and once when it is back. */
  function seen(ok: boolean, reason?: string): void {
    if (ok && reachable !== true) log.info({ buffered_segments: buffer.segmentCount }, reachable === null ? 'connected to the server' : 'the server answers again; delivering buffered results');
    if (!ok && reachable !== false) log.warn({ reason }, 'the server is unreachable; checking on and buffering results on disk');
    reachable = ok;
  }

  async function apply(a: Assignments, from: 'server' | 'disk'): Promise<void> {
    const keep = new Set<string>();
    for (const m of a.monitors) {
      if (m.spec.type === 'heartbeat') continue; // pings come to the server; nothing to check here
      keep.add(m.id);
      const item: Item = { key: m.id, intervalMs: scaled(m.interval_s * 1000), timeoutMs: scaled(m.timeout_ms), spec: m.spec as unknown as ActiveSpec, version: m.version, confirm: confirmOf(m.confirmation, scaled) };
      if (scheduler.has(m.id) && versions.get(m.id) === m.version) continue;
      const takenUp = !versions.has(m.id);
      versions.set(m.id, m.version);
      scheduler.upsert(item);
      // Added or changed since the probe started: checked at once, as the server does (no-op before start).
      scheduler.checkNow(m.id);
      // A confirmation under way when this probe (or the one before it) stopped goes on from there.
      if (takenUp && m.confirming) scheduler.resumeConfirming(m.id, m.confirming);
    }
    for (const id of [...versions.keys()]) {
      if (keep.has(id)) continue;
      scheduler.remove(id);
      versions.delete(id);
    }
    // Saved without the confirmations under way: they change with every failing check, the
    // monitors do not.
    const kept: Assignments = { ...a, monitors: a.monitors.map(({ confirming: _, ...m }) => m) };
    const text = JSON.stringify(kept);
    if (from === 'server' && text !== saved) {
      saved = text;
      await buffer.saveAssignments(kept).catch((err: unknown) => log.warn({ err }, 'could not save the assignments to the buffer directory'));
      log.info({ monitors: keep.size }, 'assignments updated');
    }
  }

  /** One fetch of the assignments; a refusal stops the probe. */
  async function refresh(): Promise<Answer<Assignments>> {
    const answer = await client.assignments();
    if (answer.kind === 'ok') {
      if (answer.value.location !== o.location) {
        throw new CliError(`--location: the token belongs to location ${answer.value.location}, not ${o.location}`, 2);
      }
      seen(true);
      await apply(answer.value, 'server');
    } else if (answer.kind === 'unavailable') seen(false, answer.reason);
    else if (answer.kind === 'refused') throw new CliError(REFUSED);
    else log.error({ status: answer.status, detail: answer.detail }, 'the server refused the assignments request');
    return answer;
  }

  /** Sends `results` (≤ BATCH); whatever is not taken goes to disk. */
  async function deliver(results: ProbeResult[]): Promise<boolean> {
    const answer = await client.deliver(results);
    if (answer.kind === 'ok') return (seen(true), true);
    if (answer.kind === 'refused') throw new CliError(REFUSED);
    if (answer.kind === 'unavailable') return (seen(false, answer.reason), false);
    log.error({ status: answer.status, detail: answer.detail, results: results.length }, 'the server refused a batch of results');
    return true;
  }

  /** The disk's results first, oldest first; a segment goes only after a 2xx. */
  async function drain(): Promise<void> {
    for (let seg = await buffer.oldest(); seg; seg = await buffer.oldest()) {
      if (!seg.results.length) {
        await buffer.remove(seg.seq);
        continue;
      }
      const answer = await client.deliver(seg.results);
      if (answer.kind === 'unavailable') return seen(false, answer.reason);
      if (answer.kind === 'refused') throw new CliError(REFUSED);
      seen(true);
      if (answer.kind === 'ok') await buffer.remove(seg.seq);
      else log.error({ status: answer.status, detail: answer.detail, kept_in: await buffer.setAside(seg.seq) }, 'the server refused buffered results; set aside');
      if (buffer.empty) log.info('delivered every buffered result');
    }
  }

  async function flushOnce(): Promise<void> {
    const batch = pending;
    pending = [];
    if (reachable === false || !buffer.empty) {
      if (batch.length) await buffer.append(batch);
      return drain();
    }
    for (let i = 0; i < batch.length; i += BATCH) {
      if (!(await deliver(batch.slice(i, i + BATCH)))) return buffer.append(batch.slice(i));
    }
  }

  function flush(): Promise<void> {
    flushing = flushing.then(flushOnce).catch((err: unknown) => fail(err));
    return flushing;
  }

  function fail(err: unknown): void {
    if (err instanceof CliError) void stop(err);
    else log.error({ err }, 'probe delivery failed; retrying');
  }

  /** `why`: the refusal that stops it (done rejects with it), none for a signal. */
  async function stop(why?: unknown): Promise<void> {
    if (stopped) return done.catch(() => undefined);
    stopped = true;
    for (const t of timers.splice(0)) clearInterval(t);
    await scheduler.stop();
    await flushing.catch(() => undefined);
    // What is left is delivered if the server is there, else kept on disk for the next start.
    if (pending.length) {
      const left = pending;
      pending = [];
      const direct = reachable === true && buffer.empty && (await deliver(left).catch(() => false));
      if (!direct) await buffer.append(left);
    }
    await buffer.close();
    log.info({ buffered_segments: buffer.segmentCount }, 'probe stopped');
    finish(why);
  }

  const first = await refresh();
  if (first.kind !== 'ok') {
    const kept = (await buffer.loadAssignments()) as Assignments | null;
    if (kept?.monitors) await apply(kept, 'disk');
    log.warn({ monitors: versions.size }, kept ? 'checking the assignments saved in the buffer directory until the server answers' : 'no assignments yet; asking the server again shortly');
  }
  scheduler.start();
  timers.push(
    setInterval(() => void flush(), FLUSH_EVERY_MS),
    setInterval(() => void refresh().catch((err: unknown) => fail(err)), scaled(ASSIGNMENTS_EVERY_MS)),
  );
  log.info({ location: o.location, monitors: versions.size, buffer_dir: o.bufferDir }, 'probe started');
  return { done, stop: () => stop() };
}

export type { Assignment };
