/**
 * The outside world of bench:monitors: nginx serving the small static file every check asks for
 * (the target), and the Prometheus blackbox exporter probing that same file (the peer), with the
 * load loop that keeps the exporter saturated. nginx's stub_status counts accepted connections,
 * so the bench can show that both sides open one new connection per check.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../test/support/net.js';
import { ensureDebianPackages, startPinned, type RunningProcess } from './process.js';

export const BLACKBOX_BIN = '/usr/bin/prometheus-blackbox-exporter';

export interface Nginx extends RunningProcess {
  /** The static file every monitor checks. */
  fileUrl: string;
  /** Connections nginx has accepted so far (stub_status). */
  accepted(): Promise<number>;
}

/** nginx with one worker, pinned to `cpu`, serving a 3-byte file; access log off. */
export async function startNginx(cpu: string): Promise<Nginx> {
  ensureDebianPackages('nginx');
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-bench-nginx-'));
  const port = await freePort();
  writeFileSync(join(dir, 'ok.txt'), 'ok\n');
  writeFileSync(
    join(dir, 'nginx.conf'),
    `user root;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port} backlog=4096;
    root ${dir};
    location = /nginx_status { stub_status; }
  }
}
`,
  );
  const proc = await startPinned({ name: 'nginx', command: '/usr/sbin/nginx', args: ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], cpu, readyUrl: `http://127.0.0.1:${port}/ok.txt` });
  const accepted = async () => {
    const text = await (await fetch(`http://127.0.0.1:${port}/nginx_status`)).text();
    const m = /\n\s*(\d+)\s+(\d+)\s+(\d+)/.exec(text);
    return m ? Number(m[1]) : NaN;
  };
  return {
    ...proc,
    fileUrl: `http://127.0.0.1:${port}/ok.txt`,
    accepted,
    stop: async () => {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Blackbox extends RunningProcess {
  probeUrl(target: string): string;
}

/** The exporter with one http_2xx module, GOMAXPROCS=1, pinned to `cpu`. */
export async function startBlackbox(cpu: string): Promise<Blackbox> {
  ensureDebianPackages('prometheus-blackbox-exporter');
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-bench-blackbox-'));
  const port = await freePort();
  // A fresh http.Client (so a fresh connection) per probe is the exporter's own behaviour.
  writeFileSync(join(dir, 'blackbox.yml'), 'modules:\n  http_2xx:\n    prober: http\n    timeout: 5s\n    http:\n      preferred_ip_protocol: ip4\n');
  const proc = await startPinned({
    name: 'blackbox',
    command: BLACKBOX_BIN,
    args: [`--config.file=${join(dir, 'blackbox.yml')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    cpu,
    env: { GOMAXPROCS: '1' },
    readyUrl: `http://127.0.0.1:${port}/-/healthy`,
  });
  return {
    ...proc,
    probeUrl: (target) => `http://127.0.0.1:${port}/probe?module=http_2xx&target=${encodeURIComponent(target)}`,
    stop: async () => {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface LoadResult {
  ok: number;
  failed: number;
  seconds: number;
  /** Every probe asked for, warm-up included (to compare with nginx's connection count). */
  total: number;
  /** The peer's CPU seconds within the measured window (from `cpuOf`). */
  cpu_s: number;
  /** This process's (the load generator's) CPU seconds within the window. */
  load_cpu_s: number;
}

/**
 * Keeps `concurrency` probe requests in flight over keep-alive connections for `seconds` (after
 * `warmupS`), counting the probes whose answer says `probe_success 1`. `cpuOf` reads the peer's
 * CPU seconds so far.
 */
export async function probeLoad(url: string, concurrency: number, seconds: number, warmupS: number, cpuOf: () => number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const counts = { ok: 0, failed: 0 };
  let total = 0;
  let measuring = false;
  let stopping = false;
  const one = () =>
    new Promise<boolean>((resolve) => {
      http
        .get(url, { agent }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => resolve(res.statusCode === 200 && /^probe_success 1$/m.test(body)));
          res.on('error', () => resolve(false));
        })
        .on('error', () => resolve(false));
    });
  const worker = async () => {
    while (!stopping) {
      const ok = await one();
      total++;
      if (measuring) counts[ok ? 'ok' : 'failed']++;
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  await new Promise((r) => setTimeout(r, warmupS * 1000));
  measuring = true;
  const t0 = performance.now();
  const cpu0 = cpuOf();
  const own0 = process.cpuUsage();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  measuring = false;
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = cpuOf() - cpu0;
  const own = process.cpuUsage(own0);
  stopping = true;
  await Promise.all(workers);
  agent.destroy();
  return { ...counts, seconds: elapsed, total, cpu_s: cpu, load_cpu_s: (own.user + own.system) / 1e6 };
}
