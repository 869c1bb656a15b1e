import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/support/net.js';
import {
  hang,
  redirectTo,
  reply,
  replyJson,
  resetConnection,
  slowReply,
  startHttpTarget,
  streamBody,
  type HttpTarget,
} from '../../../test/support/targets.js';
import type { Assertion, HttpSpec } from '../model.js';
import { runCheck } from './index.js';

const opts = { timeoutMs: 3000, now: () => Date.now() };
const hugeChunked = streamBody(10 * 1024 * 1024);
const hugeDeclared = streamBody(10 * 1024 * 1024, { declareLength: true });
let target: HttpTarget;

beforeAll(async () => {
  target = await startHttpTarget({
    '/ok': reply(200, 'all good here'),
    '/unavailable': reply(503, 'down for maintenance'),
    '/moved': redirectTo('/hop'),
    '/hop': redirectTo('/ok', 301),
    '/loop-a': redirectTo('/loop-b'),
    '/loop-b': redirectTo('/loop-a'),
    ...Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`/chain${n}`, redirectTo(`/chain${n - 1}`)])),
    '/chain0': reply(200, 'end of chain'),
    '/json': replyJson({ status: 'ok', data: { items: [{ state: 'up' }], version: '2.14.1' } }),
    '/backtrack': replyJson({ word: `${'a'.repeat(40)}!` }),
    '/html': reply(200, '<html><body>status: ok</body></html>', { 'content-type': 'text/html' }),
    '/slow': slowReply(150),
    '/hang': hang(),
    '/reset-head': resetConnection('before_head'),
    '/reset-body': resetConnection('mid_body'),
    '/huge': hugeChunked.route,
    '/huge-declared': hugeDeclared.route,
  });
});
afterAll(() => target.close());

function spec(path: string, more: Partial<HttpSpec> = {}): HttpSpec {
  const base: HttpSpec = { type: 'http', url: `${target.url}${path}`, method: 'GET', headers: {}, body: null, follow_redirects: true, expected_status: ['200-299'], assertions: [], degraded_after_ms: null, cert_expiry_days: null };
  return { ...base, ...more };
}

describe('HTTP check: status', () => {
  it('is up on a 200, in whole milliseconds, on a fresh connection with our User-Agent', async () => {
    const outcome = await runCheck(spec('/ok'), opts);
    expect(outcome).toEqual({ status: 'up', latency_ms: expect.any(Number), failure: null, message: null });
    expect(Number.isInteger(outcome.latency_ms)).toBe(true);
    const seen = target.requests.filter((r) => r.path === '/ok').at(-1)!;
    expect(seen.headers['user-agent']).toBe('Tocsin-Monitor/0.1');
    expect(seen.headers.connection).toBe('close');
  });

  it('sends the method, headers and body it is given', async () => {
    const outcome = await runCheck(spec('/ok', { method: 'POST', headers: { 'X-Probe': 'yes', 'Content-Type': 'application/json' }, body: '{"ping":1}' }), opts);
    expect(outcome.status).toBe('up');
    const seen = target.requests.filter((r) => r.path === '/ok').at(-1)!;
    expect(seen).toMatchObject({ method: 'POST', body: '{"ping":1}', headers: { 'x-probe': 'yes', 'content-type': 'application/json' } });
  });

  it('is down on a status outside the expected ones, saying which', async () => {
    expect(await runCheck(spec('/unavailable'), opts)).toMatchObject({ status: 'down', failure: 'status', message: 'expected 200-299, got 503' });
    expect(await runCheck(spec('/unavailable', { expected_status: ['200', '503'] }), opts)).toMatchObject({ status: 'up' });
  });

  it('returns a down outcome, never throws, for a URL or spec it cannot use', async () => {
    expect(await runCheck(spec('/', { url: 'not a url' }), opts)).toMatchObject({ status: 'down', failure: 'error', message: 'not a url is not an http(s) URL' });
    expect(await runCheck(spec('/', { url: 'ftp://127.0.0.1/' }), opts)).toMatchObject({ status: 'down', failure: 'error' });
    expect(await runCheck(spec('/ok', { headers: { 'x-bad': 'line\nbreak' } }), opts)).toMatchObject({ status: 'down', failure: 'error' });
    expect(await runCheck({ type: 'heartbeat', period_s: 60, grace_s: 0 } as never, opts)).toMatchObject({ status: 'down', failure: 'error' });
  });

  it('refuses an expected status it cannot read', async () => {
    expect(await runCheck(spec('/ok', { expected_status: ['two hundred'] }), opts)).toMatchObject({ status: 'down', failure: 'error' });
  });
});

describe('HTTP check: redirects', () => {
  it('follows redirects to the final answer', async () => {
    const before = target.requests.length;
    expect(await runCheck(spec('/moved'), opts)).toMatchObject({ status: 'up' });
    expect(target.requests.slice(before).map((r) => r.path)).toEqual(['/moved', '/hop', '/ok']);
  });

  it('judges the redirect itself when not following', async () => {
    expect(await runCheck(spec('/moved', { follow_redirects: false }), opts)).toMatchObject({ status: 'down', failure: 'status', message: 'expected 200-299, got 302' });
    expect(await runCheck(spec('/moved', { follow_redirects: false, expected_status: ['301-302'] }), opts)).toMatchObject({ status: 'up' });
  });

  it('calls a loop a redirect failure', async () => {
    const outcome = await runCheck(spec('/loop-a'), opts);
    expect(outcome).toMatchObject({ status: 'down', failure: 'redirects' });
    expect(outcome.message).toContain('loop');
  });

  it('follows five redirects and no more', async () => {
    expect(await runCheck(spec('/chain5'), opts)).toMatchObject({ status: 'up' });
    expect(await runCheck(spec('/chain6'), opts)).toMatchObject({ status: 'down', failure: 'redirects', message: 'more than 5 redirects' });
  });
});

describe('HTTP check: body assertions', () => {
  const check = (path: string, ...assertions: Assertion[]) => runCheck(spec(path, { assertions }), opts);

  it('checks what the body contains and must not contain', async () => {
    expect(await check('/ok', { kind: 'body_contains', value: 'all good' })).toMatchObject({ status: 'up' });
    expect(await check('/ok', { kind: 'body_contains', value: 'welcome' })).toMatchObject({ status: 'down', failure: 'assertion', message: 'body does not contain "welcome"' });
    expect(await check('/ok', { kind: 'body_not_contains', value: 'good' })).toMatchObject({ status: 'down', failure: 'assertion', message: 'body contains "good"' });
  });

  it('checks JSON paths by equality and pattern', async () => {
    expect(await check('/json', { kind: 'json_path', path: '$.data.items[0].state', equals: 'up' }, { kind: 'json_path', path: 'data.version', matches: '^2\\.' })).toMatchObject({ status: 'up' });
    expect(await check('/json', { kind: 'json_path', path: '$.status', equals: 'degraded' })).toMatchObject({ status: 'down', failure: 'assertion', message: '$.status is "ok", expected "degraded"' });
    expect(await check('/json', { kind: 'json_path', path: 'data.version', matches: '^3\\.' })).toMatchObject({ failure: 'assertion' });
  });

  it('stops a pattern that would backtrack for ever: the check is down, saying why', async () => {
    // Unbounded, ^(a+)+$ on 40 a's and a "!" takes 2^40 steps: hours of the event loop that pages people.
    const outcome = await check('/backtrack', { kind: 'json_path', path: '$.word', matches: '^(a+)+$' });
    expect(outcome).toMatchObject({ status: 'down', failure: 'assertion' });
    expect(outcome.message).toMatch(/^\$\.word: \/\^\(a\+\)\+\$\/ was stopped after 100 ms on "a{40}!"; rewrite it without nested repetition/);
  });

  it('judges the status before the body', async () => {
    expect(await check('/unavailable', { kind: 'body_contains', value: 'maintenance' })).toMatchObject({ failure: 'status' });
  });

  it('fails a JSON path on an HTML body, saying the body is not JSON', async () => {
    expect(await check('/html', { kind: 'json_path', path: '$.status', equals: 'ok' })).toMatchObject({ status: 'down', failure: 'assertion', message: 'body is not JSON (json_path $.status)' });
  });
});

describe('HTTP check: slow, hanging and broken targets', () => {
  it('is degraded when slower than degraded_after_ms', async () => {
    const outcome = await runCheck(spec('/slow', { degraded_after_ms: 50 }), opts);
    expect(outcome).toMatchObject({ status: 'degraded', failure: 'slow' });
    expect(outcome.latency_ms).toBeGreaterThanOrEqual(150);
    expect(outcome.message).toMatch(/^answered in \d+ ms, over 50 ms$/);
    expect(await runCheck(spec('/slow', { degraded_after_ms: 2000 }), opts)).toMatchObject({ status: 'up' });
  });

  it('times out on a target that never answers, on time', async () => {
    const started = performance.now();
    const outcome = await runCheck(spec('/hang'), { ...opts, timeoutMs: 300 });
    const took = performance.now() - started;
    expect(outcome).toMatchObject({ status: 'down', failure: 'timeout', message: 'no answer within 300 ms' });
    expect(took).toBeGreaterThanOrEqual(295);
    expect(took).toBeLessThan(500);
  });

  it('calls a connection dropped before or during the answer a reset', async () => {
    expect(await runCheck(spec('/reset-head'), opts)).toMatchObject({ status: 'down', failure: 'reset' });
    const midBody = await runCheck(spec('/reset-body', { assertions: [{ kind: 'body_contains', value: 'x' }] }), opts);
    expect(midBody).toMatchObject({ status: 'down', failure: 'reset', message: 'connection closed mid-response' });
  });

  it('stops reading a body over 1 MB, quickly and without taking all of it', async () => {
    const assertions: Assertion[] = [{ kind: 'body_contains', value: 'needle' }];
    const started = performance.now();
    expect(await runCheck(spec('/huge', { assertions }), opts)).toMatchObject({ status: 'down', failure: 'too_large', message: 'body over 1 MB' });
    expect(await runCheck(spec('/huge-declared', { assertions }), opts)).toMatchObject({ status: 'down', failure: 'too_large' });
    expect(performance.now() - started).toBeLessThan(1000);
    await expect.poll(() => hugeChunked.settled() && hugeDeclared.settled()).toBe(true);
    expect(hugeChunked.written()).toBeLessThan(10 * 1024 * 1024);
    expect(hugeDeclared.written()).toBeLessThan(10 * 1024 * 1024);
  });

  it('does not read the body when no assertion needs it', async () => {
    const big = streamBody(10 * 1024 * 1024);
    const own = await startHttpTarget({ '/big': big.route });
    try {
      expect(await runCheck({ ...spec('/big'), url: `${own.url}/big` }, opts)).toMatchObject({ status: 'up' });
      await expect.poll(() => big.settled()).toBe(true);
      expect(big.written()).toBeLessThan(10 * 1024 * 1024);
    } finally {
      await own.close();
    }
  });

  it('says connection refused for a port nobody listens on', async () => {
    const port = await freePort();
    expect(await runCheck({ ...spec('/'), url: `http://127.0.0.1:${port}/` }, opts)).toMatchObject({ status: 'down', failure: 'refused', message: 'connection refused' });
  });

  it('says the host does not resolve for a name that does not exist', async () => {
    const outcome = await runCheck({ ...spec('/'), url: 'http://nothing-here.invalid/' }, opts);
    expect(outcome).toMatchObject({ status: 'down', failure: 'dns' });
    expect(outcome.message).toContain('nothing-here.invalid');
  });

  it('stops when the caller cancels', async () => {
    const cancel = new AbortController();
    const outcome = runCheck(spec('/hang'), { ...opts, signal: cancel.signal });
    setTimeout(() => cancel.abort(), 20);
    expect(await outcome).toMatchObject({ status: 'down', failure: 'error', message: 'check cancelled' });
  });
});
