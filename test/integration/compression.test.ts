import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';
import { listenLocal, openStream } from '../support/live-stream.js';

// API answers go out compressed to clients that ask (an incident page is tens of KB of JSON),
// plain to those that do not; the live stream is never held back by compression.

describeEachDatabase('compressed API answers', (h) => {
  let token: string;
  beforeAll(async () => {
    token = (await h.actor('responder')).token;
    for (let i = 0; i < 30; i++) await h.call('POST', '/api/v1/incidents', { token, body: { title: `Checkout returns 502, attempt ${i}`, severity: 'SEV-2' } });
  });

  it('sends the incident list brotli- or gzip-compressed when asked, and plain otherwise', async () => {
    const plain = await h.call('GET', '/api/v1/incidents?limit=30', { token });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const body = plain.json();
    expect(body.items).toHaveLength(30);
    const br = await h.call('GET', '/api/v1/incidents?limit=30', { token, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual(body);
    const gz = await h.call('GET', '/api/v1/incidents?limit=30', { token, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(body);
  });

  it('streams live events at once to a client that accepts compression', async () => {
    const base = await listenLocal(h.app);
    const stream = openStream(base, { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip, br' });
    const res = await stream.ready;
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    const created = await h.call('POST', '/api/v1/incidents', { token, body: { title: 'seen live', severity: 'SEV-4' } });
    await stream.waitFor(new RegExp(`"number":${created.json().number},"kind":"declared"`));
    stream.close();
  });
});
