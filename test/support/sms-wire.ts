import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request exactly as an SMS provider would receive it. */
export interface WireRequest {
  method: string;
  /** Path and query string. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The answer to one request: status, headers, body; or never (hang). */
export interface WireAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  hang?: boolean;
}

export interface WireServer {
  base: string;
  requests: WireRequest[];
  answer: (req: WireRequest) => WireAnswer;
  close(): Promise<void>;
}

/**
 * A node:http server on loopback (port 0) standing in for Twilio, Vonage or a gateway: it records
 * each request's method, path, headers and body for the test to pin, and answers as told.
 */
export async function startWireServer(): Promise<WireServer> {
  const w: WireServer = { base: '', requests: [], answer: () => ({ status: 200, body: '{}' }), close: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: WireRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      w.requests.push(rec);
      const a = w.answer(rec);
      if (a.hang) return;
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json', ...a.headers }).end(a.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  w.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  w.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return w;
}

/** A form-encoded body as an object (one value per name). */
export const formOf = (body: string): Record<string, string> => Object.fromEntries(new URLSearchParams(body));

/** The error a send rejected with; fails the test when it resolved. */
export const failure = (p: Promise<unknown>): Promise<Error> =>
  p.then(
    () => {
      throw new Error('expected the send to fail');
    },
    (err: Error) => err,
  );

/** A message as Twilio's Message resource shows it (the fields Tocsin sends or reads). */
export interface TwilioFakeMessage {
  sid: string;
  account_sid: string;
  to: string;
  from: string | null;
  messaging_service_sid: string | null;
  body: string;
  status: string;
  direction: 'outbound-api';
  /** RFC 2822 in GMT, as Twilio writes dates. */
  date_created: string;
  date_sent: string | null;
  date_updated: string;
  uri: string;
  /** Real time (Date.now()) Twilio took it: for the test, not in the JSON. */
  at: number;
}

export interface TwilioFake {
  /** Every message created, oldest first. */
  messages: TwilioFakeMessage[];
  /** Requests Twilio answered with the message list or one message (status queries). */
  reads: WireRequest[];
}

const rfc2822 = (ms: number): string => new Date(ms).toUTCString().replace('GMT', '+0000');

/**
 * Makes a wire server answer as Twilio's Programmable Messaging API does, for the SMS provider
 * and the paging storm: POST .../Messages.json creates a message (201, the resource, `queued`);
 * GET .../Messages.json lists them newest first with To, From, DateSent (and DateSent< / DateSent>)
 * and PageSize, in Twilio's page envelope; GET .../Messages/{Sid}.json fetches one (404 with
 * Twilio's error body when unknown). The carrier takes each message at once: listed as `sent`,
 * its date_sent set (Twilio filters DateSent on date_sent, null while queued). `clock` is the time
 * Twilio stamps (default real time).
 */
export function answerAsTwilio(w: WireServer, opts: { clock?: () => number; sid?: () => string } = {}): TwilioFake {
  const fake: TwilioFake = { messages: [], reads: [] };
  const now = opts.clock ?? Date.now;
  let n = 0;
  const nextSid = opts.sid ?? (() => `SM${String(++n).padStart(32, '0')}`);
  const json = (status: number, body: unknown): WireAnswer => ({ status, body: JSON.stringify(body) });
  const notFound = (path: string) => json(404, { code: 20404, message: `The requested resource ${path} was not found`, more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 });
  const shown = ({ at: _at, ...m }: TwilioFakeMessage) => m;
  w.answer = (req) => {
    const u = new URL(req.url, 'http://twilio');
    const m = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages(?:\/(\w+))?\.json$/.exec(u.pathname);
    if (!m) return notFound(u.pathname);
    const [, account, sid] = m;
    const base = `/2010-04-01/Accounts/${account}/Messages`;
    if (req.method === 'POST' && !sid) {
      const form = formOf(req.body);
      const t = now();
      const msg: TwilioFakeMessage = {
        sid: nextSid(), account_sid: account!, to: form.To ?? '', from: form.From ?? null, messaging_service_sid: form.MessagingServiceSid ?? null, body: form.Body ?? '',
        status: 'sent', direction: 'outbound-api', date_created: rfc2822(t), date_sent: rfc2822(t), date_updated: rfc2822(t), uri: '', at: Date.now(),
      };
      msg.uri = `${base}/${msg.sid}.json`;
      fake.messages.push(msg);
      return json(201, { ...shown(msg), status: 'queued', date_sent: null });
    }
    if (req.method !== 'GET') return json(405, { code: 20004, message: 'Method not allowed', status: 405 });
    fake.reads.push(req);
    if (sid) {
      const found = fake.messages.find((x) => x.sid === sid);
      return found ? json(200, shown(found)) : notFound(u.pathname);
    }
    const q = u.searchParams;
    const day = (x: TwilioFakeMessage) => (x.date_sent ? new Date(Date.parse(x.date_sent)).toISOString().slice(0, 10) : null);
    const pageSize = Math.min(1000, Number(q.get('PageSize') ?? 50));
    const listed = fake.messages
      .filter((x) => (!q.has('To') || x.to === q.get('To')) && (!q.has('From') || x.from === q.get('From')))
      .filter((x) => (!q.has('DateSent') || day(x) === q.get('DateSent')) && (!q.has('DateSent>') || (day(x) ?? '') >= q.get('DateSent>')!) && (!q.has('DateSent<') || (day(x) ?? '9') <= q.get('DateSent<')!))
      .reverse();
    const uri = `${base}.json?${q.toString()}`;
    return json(200, {
      messages: listed.slice(0, pageSize).map(shown), page: 0, page_size: pageSize, start: 0, end: Math.max(0, Math.min(pageSize, listed.length) - 1),
      uri, first_page_uri: uri, previous_page_uri: null, next_page_uri: listed.length > pageSize ? `${uri}&Page=1&PageToken=PASM${listed[pageSize - 1]!.sid}` : null,
    });
  };
  return fake;
}
