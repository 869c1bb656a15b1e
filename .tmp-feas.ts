import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { dedupStream, pagerDutyEvent, postLoad, startAlertmanager, alertmanagerAlert } from './bench/lib/ingest-load.js';
import { pinSelf } from './bench/lib/harness.js';
pinSelf?.('1');
for (const mode of ['raw', 'fastify']) {
  const port = 40000 + Math.floor(Math.random() * 1000);
  const p = spawn('taskset', ['-c', '0', 'node', '.tmp-raw-server.mjs', mode, String(port)], { stdio: 'inherit' });
  await sleep(800);
  const next = dedupStream(1);
  const url = `http://127.0.0.1:${port}/v2/enqueue`;
  await postLoad({ url, body: () => pagerDutyEvent('k', next()), seconds: 2, connections: 64 });
  const r = await postLoad({ url, body: () => pagerDutyEvent('k', next()), seconds: 8, connections: 64 });
  console.log(mode, r.events_per_s, r.p99_ms);
  p.kill();
}
const am = await startAlertmanager('0');
const next = dedupStream(1);
await postLoad({ url: am.alertsUrl, body: () => alertmanagerAlert(next()), seconds: 2, connections: 64 });
const r = await postLoad({ url: am.alertsUrl, body: () => alertmanagerAlert(next()), seconds: 8, connections: 64 });
console.log('am', r.events_per_s, r.p99_ms);
await am.stop();
