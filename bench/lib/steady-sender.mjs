// A steady sender in a process of its own: POSTs the bodies it reads from stdin (a JSON array),
// one every 1000/rate ms whatever the answers do (open loop), and prints one JSON line of
// figures. bench:ingest measures the quiet key with it while another key floods: in the bench's
// own process, the flood's load generator would delay the quiet key's requests and their
// timing, and the figure would be the generator's, not Tocsin's.
// Usage: node steady-sender.mjs <url> <rate per second>  < bodies.json
import http from 'node:http';

const [url, rateArg] = process.argv.slice(2);
const rate = Number(rateArg);
const bodies = JSON.parse(await new Promise((resolve) => {
  let text = '';
  process.stdin.on('data', (c) => (text += c)).on('end', () => resolve(text));
}));
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
const latencies = [];
let accepted = 0;
let other = 0;

const send = (body) =>
  new Promise((resolve) => {
    const start = performance.now();
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => {
        latencies.push(performance.now() - start);
        if (res.statusCode >= 200 && res.statusCode < 300) accepted++;
        else other++;
        resolve();
      });
    });
    req.on('error', () => {
      other++;
      resolve();
    });
    req.end(body);
  });

const started = performance.now();
const inFlight = bodies.map(async (body, i) => {
  const wait = started + (i * 1000) / rate - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  await send(body);
});
await Promise.all(inFlight);
agent.destroy();
latencies.sort((a, b) => a - b);
const at = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] : 0);
const round = (n) => Math.round(n * 10) / 10;
console.log(JSON.stringify({ accepted, other, p50_ms: round(at(50)), p99_ms: round(at(99)), max_ms: round(at(100)), sent: bodies.length }));
