import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiProblem, apiClient } from './api-client.js';
import { CliError } from './common.js';
import { httpCall, HttpTimeout } from './http-call.js';

// The `tocsin` commands' HTTP client against a real server on loopback: what it sends, and
// each kind of answer turned into what a command prints.

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base = '';
const seen: Seen[] = [];
const routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const route = routes.get(`${req.method} ${(req.url ?? '').split('?')[0]}`);
      if (route) return route(req, res);
      res.writeHead(404, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ title: 'Not Found', status: 404, detail: 'No such thing' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const json = (status: number, body: unknown, type = 'application/json') => (_req: IncomingMessage, res: ServerResponse) =>
  res.writeHead(status, { 'content-type': type }).end(JSON.stringify(body));

describe('the API client of the tocsin commands', () => {
  it('sends the token and JSON, with the query, and answers the JSON body', async () => {
    routes.set('POST /api/v1/incidents', json(201, { id: 'inc_1', title: 'Checkout down — 502' }));
    routes.set('GET /api/v1/incidents', json(200, { items: [], next_cursor: null }));
    const api = apiClient({ url: `${base}/`, token: 'tocsin_abc' });
    expect(await api.post('/incidents', { title: 'Checkout down — 502' })).toEqual({ id: 'inc_1', title: 'Checkout down — 502' });
    const post = seen.at(-1)!;
    expect(post.headers.authorization).toBe('Bearer tocsin_abc');
    expect(post.headers['content-type']).toBe('application/json');
    expect(JSON.parse(post.body)).toEqual({ title: 'Checkout down — 502' });
    expect(Number(post.headers['content-length'])).toBe(Buffer.byteLength(post.body));
    expect(await api.get('/incidents', { status: 'triggered', limit: 5, q: undefined, empty: '' })).toEqual({ items: [], next_cursor: null });
    expect(seen.at(-1)!.url).toBe('/api/v1/incidents?status=triggered&limit=5');
  });

  it('turns a problem+json refusal into one line naming the field, and keeps the status', async () => {
    routes.set('PATCH /api/v1/monitors/mon_1', json(400, { title: 'Invalid request', status: 400, detail: 'must be at least 10', field: 'interval_s' }, 'application/problem+json'));
    const api = apiClient({ url: base, token: 't' });
    const err = await api.patch('/monitors/mon_1', { interval_s: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiProblem);
    expect(err).toMatchObject({ message: 'must be at least 10 (field: interval_s)', status: 400, field: 'interval_s' });
    routes.set('GET /api/v1/users/me', json(401, { title: 'Unauthorized', status: 401, detail: 'Invalid token' }, 'application/problem+json'));
    await expect(api.get('/users/me')).rejects.toThrow('Invalid token (check TOCSIN_TOKEN or --token)');
  });

  it('answers null for a 204 and says so when the answer is not JSON', async () => {
    routes.set('DELETE /api/v1/services/svc_1', (_req, res) => res.writeHead(204).end());
    routes.set('GET /api/v1/services', (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>a proxy page</html>'));
    const api = apiClient({ url: base, token: 't' });
    expect(await api.delete('/services/svc_1')).toBeNull();
    await expect(api.get('/services')).rejects.toThrow(`${base} did not answer with JSON; is it a Tocsin server?`);
  });

  it('names the address a redirect points to instead of following it', async () => {
    routes.set('GET /api/v1/teams', (_req, res) => res.writeHead(301, { location: 'https://tocsin.example.test/api/v1/teams' }).end());
    const err = await apiClient({ token: 't' }, { TOCSIN_URL: base }).get('/teams').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as Error).message).toBe(`${base} answered 301, sending requests to https://tocsin.example.test: set TOCSIN_URL to that address`);
  });

  it('says it cannot reach a server that is not there', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(apiClient({ url, token: 't' }).get('/incidents')).rejects.toThrow(new RegExp(`^cannot reach Tocsin at ${url}: .*ECONNREFUSED`));
  });

  it('gives up on a server that does not answer in time, or stops half-way through its answer', async () => {
    routes.set('GET /api/v1/hang', () => undefined);
    routes.set('GET /api/v1/half', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"items":[');
    });
    for (const path of ['/api/v1/hang', '/api/v1/half']) {
      const started = Date.now();
      const err = await httpCall(new URL(`${base}${path}`), { method: 'GET', headers: {}, timeoutMs: 200 }).catch((e: unknown) => e);
      expect(err, path).toBeInstanceOf(HttpTimeout);
      expect((err as Error).message).toBe('no answer within 0.2 s');
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    }
  });
});
