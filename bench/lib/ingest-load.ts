/**
 * bench:ingest's event stream and load: PagerDuty Events v2 triggers, 90% repeats of 10,000 dedup
 * keys and 10% new, one event per request (autocannon on core 1), and the same stream shaped for
 * Alertmanager's `/api/v2/alerts`. Alertmanager, the peer, pinned like Tocsin.
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../test/support/net.js';
import { ensureDebianPackages, startPinned, type RunningProcess } from './process.js';

export const REPEATED_KEYS = 10_000;

/** The next dedup key of the stream: 9 in 10 from a fixed set of 10,000, 1 in 10 never seen before. */
export function dedupStream(seed = 1): () => string {
  let state = seed;
  let fresh = 0;
  const random = () => {
    // xorshift32: the same stream for Tocsin and the peer, without Math.random's cost.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
  return () => (random() < 0.9 ? `bench-${Math.floor(random() * REPEATED_KEYS)}` : `new-${seed}-${fresh++}`);
}

export const pagerDutyEvent = (routingKey: string, dedupKey: string): string =>
  JSON.stringify({
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: { summary: `Disk almost full on ${dedupKey}`, source: 'bench-host', severity: 'warning', component: 'disk', custom_details: { free_gb: 3 } },
  });

export const alertmanagerAlert = (dedupKey: string): string =>
  JSON.stringify([{ labels: { alertname: 'DiskAlmostFull', instance: dedupKey, severity: 'warning' }, annotations: { summary: `Disk almost full on ${dedupKey}` } }]);

export interface LoadFigures {
  accepted: number;
  other: number;
  events_per_s: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  seconds: number;
}

/** POSTs one body per request from `body()`, as fast as `connections` allow or at `rate` a second. */
export async function postLoad(o: { url: string; body: () => string; seconds: number; connections: number; rate?: number; headers?: Record<string, string> }): Promise<LoadFigures> {
  const result = await autocannon({
    url: o.url,
    method: 'POST',
    connections: o.connections,
    duration: o.seconds,
    ...(o.rate ? { overallRate: o.rate } : {}),
    headers: { 'content-type': 'application/json', ...o.headers },
    requests: [{ setupRequest: (req) => ({ ...req, body: o.body() }) }],
  });
  return {
    accepted: result['2xx'],
    other: result.non2xx + result.errors + result.timeouts,
    events_per_s: Math.round(result['2xx'] / o.seconds),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    max_ms: result.latency.max,
    seconds: o.seconds,
  };
}

export interface Alertmanager extends RunningProcess {
  alertsUrl: string;
}

const SEND_NOWHERE = "route:\n  receiver: none\n  group_by: ['alertname', 'instance']\nreceivers:\n  - name: none\n";

/**
 * Debian's Alertmanager, GOMAXPROCS=1, pinned to `cpu`, no cluster: by default one route to a
 * receiver that sends nowhere; `config` (alertmanager.yml) for a peer that delivers (bench:paging).
 */
export async function startAlertmanager(cpu: string, config = SEND_NOWHERE): Promise<Alertmanager> {
  ensureDebianPackages('prometheus-alertmanager');
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-bench-alertmanager-'));
  const port = await freePort();
  writeFileSync(join(dir, 'alertmanager.yml'), config);
  const proc = await startPinned({
    name: 'alertmanager',
    command: '/usr/bin/prometheus-alertmanager',
    args: [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'],
    cpu,
    env: { GOMAXPROCS: '1' },
    readyUrl: `http://127.0.0.1:${port}/-/ready`,
  });
  return {
    ...proc,
    alertsUrl: `http://127.0.0.1:${port}/api/v2/alerts`,
    stop: async () => {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
