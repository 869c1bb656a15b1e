import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverFrame, startWireServer, type WireServer } from '../../test/support/voice-wire.js';
import { waitFor } from '../../test/support/outbox-fixtures.js';
import { openEventStream, type EventStream } from './voice-ari-ws.js';

describe('ARI event stream (WebSocket client against a local server)', () => {
  let wire: WireServer;
  beforeAll(async () => {
    wire = await startWireServer();
  });
  afterAll(() => wire.close());

  const connect = () => {
    const got: string[] = [];
    const closed: string[] = [];
    const stream: EventStream = openEventStream(`${wire.base.replace('http', 'ws')}/ari/events?app=tocsin`, { authorization: 'Basic dG9jc2luOnB3' }, {
      onMessage: (t) => got.push(t),
      onClose: (r) => closed.push(r),
    });
    return { got, closed, stream };
  };
  const opened = async (n: number) => waitFor('the upgrade', () => (wire.upgrades.length >= n ? true : undefined));

  it('upgrades with the headers given and receives text frames of every length, fragmented and split across packets', async () => {
    const c = connect();
    await opened(1);
    expect(wire.upgrades.at(-1)!.url).toBe('/ari/events?app=tocsin');
    expect(wire.upgrades.at(-1)!.headers.authorization).toBe('Basic dG9jc2luOnB3');
    await new Promise((r) => setTimeout(r, 20));
    const long = 'x'.repeat(300);
    const huge = 'y'.repeat(70_000);
    wire.push({ type: 'StasisStart' });
    wire.pushRaw(serverFrame(0x1, Buffer.from(long)));
    wire.pushRaw(serverFrame(0x1, Buffer.from(huge)));
    wire.pushRaw(Buffer.concat([serverFrame(0x1, Buffer.from('{"type":'), false), serverFrame(0x0, Buffer.from('"Split"}'))]));
    const split = serverFrame(0x1, Buffer.from('{"type":"Late"}'));
    wire.pushRaw(split.subarray(0, 5));
    await new Promise((r) => setTimeout(r, 30));
    wire.pushRaw(split.subarray(5));
    await waitFor('five messages', () => (c.got.length === 5 ? true : undefined));
    expect(c.got).toEqual(['{"type":"StasisStart"}', long, huge, '{"type":"Split"}', '{"type":"Late"}']);
    c.stream.close();
    expect(c.closed).toEqual(['closed by Tocsin']);
  });

  it('answers a ping with a masked pong carrying the same payload', async () => {
    const c = connect();
    await opened(2);
    await new Promise((r) => setTimeout(r, 20));
    wire.fromClients.length = 0;
    wire.pushRaw(serverFrame(0x9, Buffer.from('hi')));
    const pong = await waitFor('the pong', () => wire.fromClients.find((b) => (b[0]! & 0x0f) === 0xa));
    expect(pong[1]! & 0x80).toBe(0x80);
    const mask = pong.subarray(2, 6);
    expect(Buffer.from(pong.subarray(6).map((b, i) => b ^ mask[i % 4]!)).toString()).toBe('hi');
    c.stream.close();
  });

  it('a close frame or a dropped connection ends the stream once', async () => {
    const a = connect();
    await opened(3);
    await new Promise((r) => setTimeout(r, 20));
    wire.pushRaw(serverFrame(0x8, Buffer.alloc(0)));
    await waitFor('closed', () => (a.closed.length ? true : undefined));
    expect(a.closed).toEqual(['closed by the server']);
    const b = connect();
    await opened(4);
    await new Promise((r) => setTimeout(r, 20));
    wire.dropSockets();
    await waitFor('dropped', () => (b.closed.length ? true : undefined));
    await new Promise((r) => setTimeout(r, 20));
    expect(b.closed).toHaveLength(1);
  });

  it('credentials refused: the stream ends saying so', async () => {
    wire.upgradeStatus = 401;
    const c = connect();
    await waitFor('refused', () => (c.closed.length ? true : undefined));
    expect(c.closed[0]).toMatch(/401/);
    wire.upgradeStatus = 101;
  });
});
