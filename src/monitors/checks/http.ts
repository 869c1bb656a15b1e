// HTTP(S) checks with node:http/https directly: a fresh connection per check (agent: false), so
// the latency is what a user's first request sees (DNS, connect, TLS, response).
import http, { type ClientRequestArgs, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import { createConnection, type NetConnectOpts, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { describeExpectedStatus, failedAssertion, needsBody, parseExpectedStatus, statusExpected, type StatusRange } from '../model.assertions.js';
import type { CheckOutcome, HttpSpec } from '../model.js';
import { certificateExpiry, expiryVerdict, trustContext } from './certificates.js';
import { describeError, type Described } from './errors.js';
import { readBody } from './http.body.js';
import { downOutcome, elapsedMs, failed, upOutcome, withDeadline, type CheckOptions, type Cut } from './outcome.js';

export const USER_AGENT = 'Tocsin-Monitor/0.1';
export const MAX_REDIRECTS = 5;
export const BODY_LIMIT_BYTES = 1024 * 1024;

const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
/** Headers that must not follow a redirect to another origin. */
const ORIGIN_BOUND = ['authorization', 'cookie', 'proxy-authorization', 'host'];

interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | null;
}

export function checkHttp(spec: HttpSpec, opts: CheckOptions): Promise<CheckOutcome> {
  const url = URL.canParse(spec.url) ? new URL(spec.url) : null;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return Promise.resolve(downOutcome('error', `${spec.url} is not an http(s) URL`, 0));
  const expected = parseExpectedStatus(spec.expected_status);
  if (!expected.ok) return Promise.resolve(downOutcome('error', expected.message, 0));
  const headers: Record<string, string> = { 'user-agent': USER_AGENT };
  for (const [name, value] of Object.entries(spec.headers)) headers[name.toLowerCase()] = value;
  // Tocsin's own (a probe names its location) last: a target can trust which location asked.
  for (const [name, value] of Object.entries(opts.extraHeaders ?? {})) headers[name.toLowerCase()] = value;
  const first: Hop = { url, method: spec.method, headers, body: spec.body };
  return withDeadline(opts, url.hostname, async (cut, started) => {
    const res = await follow(spec, first, cut, opts);
    if ('failure' in res) return downOutcome(res.failure, res.message, elapsedMs(started));
    return judge(spec, expected.value, res, opts, started);
  });
}

/** Sends the request and follows redirects when asked; resolves with the last response's head. */
async function follow(spec: HttpSpec, first: Hop, cut: Cut, opts: CheckOptions): Promise<IncomingMessage | Described> {
  const seen = new Set([first.url.href]);
  let hop = first;
  for (let redirects = 0; ; redirects++) {
    const res = await send(hop, cut, opts).catch((err: unknown) => describeError(err, hop.url.hostname));
    if ('failure' in res) return res;
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (!spec.follow_redirects || !REDIRECT_STATUS.has(status) || !location) return res;
    res.destroy();
    if (redirects === MAX_REDIRECTS) return { failure: 'redirects', message: `more than ${MAX_REDIRECTS} redirects` };
    const next = URL.canParse(location, hop.url) ? new URL(location, hop.url) : null;
    if (!next || (next.protocol !== 'http:' && next.protocol !== 'https:')) return { failure: 'redirects', message: `redirect to a bad location: ${location}` };
    if (seen.has(next.href)) return { failure: 'redirects', message: `redirect loop: back to ${next.href}` };
    seen.add(next.href);
    hop = nextHop(hop, status, next);
  }
}

/** As browsers do: 303 (and 301/302 after a POST) become a GET without body; credentials stay on their origin. */
function nextHop(hop: Hop, status: number, url: URL): Hop {
  const toGet = (status === 303 && hop.method !== 'HEAD') || ((status === 301 || status === 302) && hop.method === 'POST');
  const headers = { ...hop.headers };
  if (url.origin !== hop.url.origin) for (const name of ORIGIN_BOUND) delete headers[name];
  if (toGet) delete headers['content-type'];
  return { url, method: toGet ? 'GET' : hop.method, headers, body: toGet ? null : hop.body };
}

function send(hop: Hop, cut: Cut, opts: CheckOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const onResponse = (res: IncomingMessage) => {
      res.on('error', () => {}); // a reset after we stopped reading is no news
      resolve(res);
    };
    const req = hop.url.protocol === 'https:'
      // https passes secureContext on to tls.connect; its RequestOptions type does not list it.
      ? https.request(hop.url, { method: hop.method, headers: hop.headers, agent: false, secureContext: trustContext(opts.ca) } as https.RequestOptions, onResponse)
      // Plain HTTP opens its socket itself: with createConnection and no agent, Node uses no agent
      // at all (agent: false builds a new Agent per request, a few percent of a check's CPU).
      // Without an agent the request says `Connection: close`, as agent: false did.
      : http.request(hop.url, { method: hop.method, headers: hop.headers as OutgoingHttpHeaders, createConnection: openSocket }, onResponse);
    cut.onCut(() => req.destroy());
    req.on('error', reject);
    req.end(hop.body ?? undefined);
  });
}

// http.request has set host and port by the time it calls this.
const openSocket = (options: ClientRequestArgs): Socket => createConnection(options as NetConnectOpts);

async function judge(spec: HttpSpec, expected: StatusRange[], res: IncomingMessage, opts: CheckOptions, started: number): Promise<CheckOutcome> {
  const secure = 'getPeerCertificate' in res.socket;
  const certExpiresAt = secure ? certificateExpiry((res.socket as TLSSocket).getPeerCertificate()) : undefined;
  const status = res.statusCode ?? 0;
  if (!statusExpected(expected, status)) {
    res.destroy();
    return downOutcome('status', `expected ${describeExpectedStatus(spec.expected_status)}, got ${status}`, elapsedMs(started), certExpiresAt);
  }
  if (!needsBody(spec.assertions)) res.destroy();
  else {
    const body = await readBody(res, BODY_LIMIT_BYTES);
    if (body.kind === 'too_large') return downOutcome('too_large', 'body over 1 MB', elapsedMs(started), certExpiresAt);
    if (body.kind === 'reset') return downOutcome('reset', 'connection closed mid-response', elapsedMs(started), certExpiresAt);
    const problem = failedAssertion(spec.assertions, body.text);
    if (problem) return downOutcome('assertion', problem, elapsedMs(started), certExpiresAt);
  }
  return judgeTiming(elapsedMs(started), spec, certExpiresAt, opts.now());
}

/** A correct answer can still be degraded: slow, or its certificate expiring soon. */
function judgeTiming(latency: number, spec: HttpSpec, certExpiresAt: number | null | undefined, now: number): CheckOutcome {
  const expiry = expiryVerdict(certExpiresAt ?? null, spec.cert_expiry_days, now);
  if (expiry.kind === 'expired') return downOutcome('tls', expiry.message, latency, certExpiresAt);
  const slow = spec.degraded_after_ms !== null && latency > spec.degraded_after_ms;
  const expiring = expiry.kind === 'expiring' ? expiry.message : null;
  if (slow) {
    const words = [`answered in ${latency} ms, over ${spec.degraded_after_ms} ms`, expiring].filter(Boolean).join('; ');
    return failed('degraded', 'slow', words, latency, certExpiresAt);
  }
  if (expiring) return failed('degraded', 'cert_expiring', expiring, latency, certExpiresAt);
  return upOutcome(latency, certExpiresAt);
}
