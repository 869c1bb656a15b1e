/**
 * bench:ingest's floor: the least an intake can do and still answer each event after its commit,
 * to show how far "answered after commit" on one core can go against Alertmanager, which answers
 * from memory. Node's own HTTP server, JSON.parse, three field checks, and per group of events
 * arriving together one SQLite transaction (WAL, synchronous = FULL, as Tocsin's) that counts a
 * repeat on its open alert or inserts a new one, then the answers. No Fastify, no rate limit, no
 * suppression, grouping, incidents, timeline, logging or rollback of one event alone.
 *
 *   node bench/lib/floor-intake.mjs <database file> <port>     (GET /ready answers 200 once open)
 */
import http from 'node:http';
import { createRequire } from 'node:module';

const [file, port] = process.argv.slice(2);
const require = createRequire(new URL('../../package.json', import.meta.url));
// Tocsin's drivers: better-sqlite3 on Node 20, node:sqlite on 24 (docs/decisions.md).
const open = () => {
  try {
    return new (require('better-sqlite3'))(file);
  } catch {
    return new (require('node:sqlite').DatabaseSync)(file);
  }
};
const db = open();
db.exec(`pragma journal_mode = wal; pragma synchronous = full;
create table alerts (id integer primary key, service_id text not null, dedup_key text not null, status text not null,
  summary text not null, severity text not null, details text not null, events integer not null, opened_at integer not null);
create unique index alerts_open on alerts (service_id, dedup_key) where status = 'open';`);
const repeat = db.prepare(`update alerts set events = events + 1 where service_id = ? and dedup_key = ? and status = 'open'`);
const insert = db.prepare(`insert into alerts (service_id, dedup_key, status, summary, severity, details, events, opened_at) values (?, ?, 'open', ?, ?, ?, 1, ?)`);

let group = [];
function commitGroup() {
  const events = group;
  group = [];
  const now = Date.now();
  db.exec('begin');
  for (const { event } of events) {
    const { routing_key: key, dedup_key: dedup, payload } = event;
    if (repeat.run(key, dedup).changes === 0) insert.run(key, dedup, payload.summary, payload.severity, JSON.stringify(payload.custom_details ?? {}), now);
  }
  db.exec('commit');
  for (const { event, res } of events) {
    res.writeHead(202, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: event.dedup_key }));
  }
}

const refuse = (res) => {
  res.writeHead(400, { 'content-type': 'application/json' });
  res.end('{"status":"invalid event"}');
};

http
  .createServer((req, res) => {
    if (req.method === 'GET') return res.end('ok');
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let event;
      try {
        event = JSON.parse(Buffer.concat(chunks).toString());
      } catch {
        return refuse(res);
      }
      if (typeof event?.routing_key !== 'string' || typeof event.dedup_key !== 'string' || typeof event.payload?.summary !== 'string') return refuse(res);
      if (group.push({ event, res }) === 1) setImmediate(commitGroup);
    });
  })
  .listen(Number(port), '127.0.0.1');
