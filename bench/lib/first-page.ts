/**
 * bench:paging's first-page figure, the same for Tocsin and for Alertmanager: the time from just
 * before a new event is sent to the moment the receiver gets the page it causes. Each event has
 * its own dedup key (a new problem, never a repeat), sent one at a time and then from a few
 * loops at once.
 */
import http from 'node:http';
import { percentile, round } from './harness.js';
import { nextRun, pageToken, type PageReceiver } from './page-receiver.js';

export interface Sender {
  url: string;
  /** Where its pages arrive at the receiver. */
  path: string;
  /** The request body for the event carrying `token`. */
  body(token: string): string;
  /** The answer that means "accepted" (PagerDuty Events v2: 202; Alertmanager: 200). */
  accepted: number;
}

export interface LatencyFigures {
  events: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  min_ms: number;
  /** Events whose page never arrived within the wait. */
  missing: number;
}

export interface FirstPagePlan {
  warmup: number;
  sequential: number;
  concurrency: number;
  perLoop: number;
  timeoutMs: number;
  /** A pause after each one-at-a-time event's page arrived, before the next (0: none). */
  gapMs?: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function post(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** One event as the bench saw it, for the stage breakdown (first-page-stages.ts). */
export interface EventSample {
  token: string;
  /** Wall-clock epoch ms just before the request: Tocsin stamps its rows with the same clock. */
  sentEpochMs: number;
  /** From sending to the sender's answer (Tocsin answers after its commit). */
  answeredMs: number;
  /** From sending to the page's arrival; null when it never came. */
  latencyMs: number | null;
}

/** One event: its latency to the receiver, or null when its page never came. */
export async function oneEvent(sender: Sender, rx: PageReceiver, token: string, timeoutMs: number): Promise<EventSample> {
  const body = sender.body(token);
  const sentEpochMs = Date.now();
  const t0 = performance.now();
  const status = await post(sender.url, body);
  const answeredMs = performance.now() - t0;
  if (status !== sender.accepted) throw new Error(`${sender.url} answered ${status} for ${token}`);
  const arrival = await rx.waitFor(sender.path, token, timeoutMs).catch(() => null);
  return { token, sentEpochMs, answeredMs, latencyMs: arrival ? arrival.at - t0 : null };
}

export function figuresOf(samples: EventSample[]): LatencyFigures {
  const got = samples.flatMap((s) => (s.latencyMs === null ? [] : [s.latencyMs])).sort((a, b) => a - b);
  return {
    events: samples.length,
    p50_ms: round(percentile(got, 50)),
    p99_ms: round(percentile(got, 99)),
    max_ms: round(got[got.length - 1] ?? NaN),
    min_ms: round(got[0] ?? NaN),
    missing: samples.length - got.length,
  };
}

/** Warm-up (not counted), then `sequential` events one at a time, then `concurrency` loops of `perLoop`. */
export async function firstPage(sender: Sender, rx: PageReceiver, plan: FirstPagePlan): Promise<{ sequential: LatencyFigures; concurrent: LatencyFigures & { concurrency: number }; samples: { sequential: EventSample[]; concurrent: EventSample[] } }> {
  const r = nextRun();
  let n = 0;
  const next = () => pageToken(r, n++);
  for (let i = 0; i < plan.warmup; i++) await oneEvent(sender, rx, next(), plan.timeoutMs);
  const seq: EventSample[] = [];
  for (let i = 0; i < plan.sequential; i++) {
    seq.push(await oneEvent(sender, rx, next(), plan.timeoutMs));
    if (plan.gapMs) await new Promise((r) => setTimeout(r, plan.gapMs));
  }
  const conc: EventSample[] = [];
  const loop = async () => {
    for (let i = 0; i < plan.perLoop; i++) conc.push(await oneEvent(sender, rx, next(), plan.timeoutMs));
  };
  await Promise.all(Array.from({ length: plan.concurrency }, loop));
  return { sequential: figuresOf(seq), concurrent: { ...figuresOf(conc), concurrency: plan.concurrency }, samples: { sequential: seq, concurrent: conc } };
}

/** A PagerDuty Events v2 trigger: a new problem, critical (SEV-1, paged at once). */
export const pagerDutyTrigger = (routingKey: string) => (token: string): string =>
  JSON.stringify({ routing_key: routingKey, event_action: 'trigger', dedup_key: token, payload: { summary: `Checkout down ${token}`, source: 'bench-host', severity: 'critical' } });

/** The same problem as Alertmanager's API takes it: one alert, its own group by `instance`. */
export const alertmanagerTrigger = (token: string): string =>
  JSON.stringify([{ labels: { alertname: 'CheckoutDown', instance: token, severity: 'critical' }, annotations: { summary: `Checkout down ${token}` } }]);

/** Alertmanager delivering at once: group_wait 0, each alert its own group, a webhook to `url`. */
export const alertmanagerWebhookConfig = (url: string): string =>
  [
    'route:',
    '  receiver: bench',
    "  group_by: ['alertname', 'instance']",
    '  group_wait: 0s',
    '  group_interval: 1s',
    '  repeat_interval: 1h',
    'receivers:',
    '  - name: bench',
    '    webhook_configs:',
    `      - url: '${url}'`,
    '        send_resolved: false',
    '',
  ].join('\n');
