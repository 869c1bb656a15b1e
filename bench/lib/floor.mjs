/**
 * The floor for bench:ingest and bench:paging: the least a server can do and still answer each
 * event after its commit, to show how far "committed before answered" goes on one core against
 * Alertmanager, which answers from memory. Node's own HTTP server, JSON.parse, three field checks,
 * and per group of events arriving together one SQLite transaction (WAL, synchronous = FULL, as
 * Tocsin's) that counts a repeat on its open alert or inserts a new one, then the answers. No
 * Fastify, rate limit, suppression, grouping, incidents, timeline, logging or rollback of one
 * event alone.
 *
 *   node bench/lib/floor.mjs <database file> <port> [<page url>]
 *
 * With a page url (bench:paging), each new alert also stores its page in the same transaction;
 * once that commits the page is POSTed there at once (a chat webhook's `{"text": ...}`), and a
 * second transaction records it sent. GET answers 200 (ready).
 */
import http from 'node:http';
import { createRequire } from 'node:module';

const [file, port, pageUrl] = process.argv.slice(2);
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
create unique index alerts_open on alerts (service_id, dedup_key) where status = 'open';
create table pages (id integer primary key, alert_id integer not null, body text not null, status text not null);`);
const repeat = db.prepare(`update alerts set events = events + 1 where service_id = ? and dedup_key = ? and status = 'open'`);
const insert = db.prepare(`insert into alerts (service_id, dedup_key, status, summary, severity, details, events, opened_at) values (?, ?, 'open', ?, ?, ?, 1, ?) returning id`);
const plan = db.prepare(`insert into pages (alert_id, body, status) values (?, ?, 'pending') returning id`);
const sent = db.prepare(`update pages set status = 'sent' where id = ?`);
const agent = new http.Agent({ keepAlive: true });

let group = [];
function commitGroup() {
  const events = group;
  group = [];
  const now = Date.now();
  const pages = [];
  db.exec('begin');
  for (const { event } of events) {
    const { routing_key: key, dedup_key: dedup, payload } = event;
    if (repeat.run(key, dedup).changes > 0) continue;
    const alert = insert.get(key, dedup, payload.summary, payload.severity, JSON.stringify(payload.custom_details ?? {}), now);
    if (!pageUrl) continue;
    const body = JSON.stringify({ text: `[${payload.severity}] ${payload.summary}` });
    pages.push({ id: plan.get(alert.id, body).id, body });
  }
  db.exec('commit');
  for (const { event, res } of events) {
    res.writeHead(202, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: event.dedup_key }));
  }
  for (const page of pages) send(page);
}

function send(page) {
  const req = http.request(pageUrl, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
    res.resume();
    res.on('end', () => sent.run(page.id));
  });
  req.on('error', () => undefined); // the floor does not retry: a lost page shows as missing in the bench
  req.end(page.body);
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
