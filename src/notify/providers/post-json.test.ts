import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from './post-json.js';

describe('postJson (the chat and webhook providers’ POST)', () => {
  let server: http.Server;
  let base = '';
  const seen: { headers: http.IncomingHttpHeaders; body: string; socket: unknown }[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        seen.push({ headers: req.headers, body, socket: req.socket });
        if (req.url === '/big') {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('x'.repeat(1024 * 1024));
        } else if (req.url === '/moved') {
          res.writeHead(301, { location: '/elsewhere' }).end();
        } else if (req.url === '/hang') {
          // never answers
        } else {
          res.writeHead(202, { 'x-request-id': 'req-1', 'set-cookie': ['a=1', 'b=2'] }).end('{"ok":true}');
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends the body with its length and headers, and answers status, text and headers', async () => {
    const res = await postJson(`${base}/ok`, '{"é":1}', { 'content-type': 'application/json', 'x-one': 'a' });
    expect(res.status).toBe(202);
    expect(res.text).toBe('{"ok":true}');
    expect(res.header('X-Request-Id')).toBe('req-1');
    expect(res.header('set-cookie')).toBe('a=1, b=2');
    expect(res.header('x-missing')).toBeUndefined();
    const last = seen.at(-1)!;
    expect(last.body).toBe('{"é":1}');
    expect(last.headers['content-length']).toBe(String(Buffer.byteLength('{"é":1}')));
    expect(last.headers['x-one']).toBe('a');
  });

  it('reuses its keep-alive connection for the next request', async () => {
    await postJson(`${base}/ok`, '{}', {});
    const before = seen.at(-1)!.socket;
    await postJson(`${base}/ok`, '{}', {});
    expect(seen.at(-1)!.socket).toBe(before);
  });

  it('does not follow a redirect', async () => {
    const res = await postJson(`${base}/moved`, '{}', {});
    expect(res.status).toBe(301);
    expect(res.header('location')).toBe('/elsewhere');
  });

  it('reads a huge answer only up to its cap', async () => {
    const res = await postJson(`${base}/big`, '{}', {});
    expect(res.status).toBe(200);
    expect(res.text.length).toBe(256 * 1024);
  });

  it('gives up when the signal aborts, with the signal’s reason', async () => {
    const ac = new AbortController();
    const pending = postJson(`${base}/hang`, '{}', {}, ac.signal);
    setTimeout(() => ac.abort(new Error('timed out after 50 ms')), 50);
    await expect(pending).rejects.toThrow('timed out after 50 ms');
  });

  it('refuses a bad URL, another protocol, and a header value with a line break', async () => {
    await expect(postJson('not a url', '{}', {})).rejects.toThrow(/invalid URL/);
    await expect(postJson('ftp://127.0.0.1/x', '{}', {})).rejects.toThrow(/unsupported protocol ftp:/);
    await expect(postJson(`${base}/ok`, '{}', { 'x-evil': 'a\r\nInjected: 1' })).rejects.toThrow();
  });

  it('reports a refused connection as an error', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(postJson(`http://127.0.0.1:${port}/`, '{}', {})).rejects.toThrow(/ECONNREFUSED/);
  });
});
