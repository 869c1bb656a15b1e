import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';

// A small WebSocket client (RFC 6455) for ARI's event stream: text frames in, pings answered,
// close either way. Node 20 has no WebSocket without a flag and the `ws` package is not a
// dependency; ARI's stream needs no more than this (no extensions, no binary, no sending).

export interface EventStream {
  close(): void;
}

export interface EventStreamHandlers {
  onMessage(text: string): void;
  /** Once, whatever ended it (closed by either side, an error, a failed handshake). */
  onClose(reason: string): void;
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** A client frame: always masked (RFC 6455 §5.3). Only control frames are sent here, so < 126 bytes. */
function frame(opcode: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length]), mask, masked]);
}

/** Reads whole frames off the front of `buf`; answers what is left over. */
function readFrames(buf: Buffer, onFrame: (fin: boolean, opcode: number, payload: Buffer) => void): Buffer {
  for (;;) {
    if (buf.length < 2) return buf;
    const fin = (buf[0]! & 0x80) !== 0;
    const opcode = buf[0]! & 0x0f;
    const masked = (buf[1]! & 0x80) !== 0;
    let len = buf[1]! & 0x7f;
    let at = 2;
    if (len === 126) {
      if (buf.length < 4) return buf;
      len = buf.readUInt16BE(2);
      at = 4;
    } else if (len === 127) {
      if (buf.length < 10) return buf;
      len = Number(buf.readBigUInt64BE(2));
      at = 10;
    }
    const maskAt = at;
    if (masked) at += 4;
    if (buf.length < at + len) return buf;
    const payload = Buffer.from(buf.subarray(at, at + len));
    if (masked) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ buf[maskAt + (i % 4)]!;
    onFrame(fin, opcode, payload);
    buf = buf.subarray(at + len);
  }
}

/** Opens ws(s)://... with these headers (ARI: Basic auth) and calls the handlers. */
export function openEventStream(url: string, headers: Record<string, string>, h: EventStreamHandlers): EventStream {
  const u = new URL(url);
  const key = randomBytes(16).toString('base64');
  const request = u.protocol === 'wss:' ? httpsRequest : httpRequest;
  let socket: Duplex | null = null;
  let closed = false;
  const end = (reason: string) => {
    if (closed) return;
    closed = true;
    socket?.destroy();
    h.onClose(reason);
  };
  const req = request({
    host: u.hostname,
    port: u.port || (u.protocol === 'wss:' ? 443 : 80),
    path: u.pathname + u.search,
    headers: { ...headers, connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': key },
  });
  req.on('error', (err) => end(err.message));
  req.on('response', (res) => {
    res.resume();
    end(`HTTP ${res.statusCode} instead of a WebSocket upgrade`);
  });
  req.on('upgrade', (res, s, head) => {
    socket = s;
    const expected = createHash('sha1').update(key + GUID).digest('base64');
    if (res.headers['sec-websocket-accept'] !== expected) return end('bad Sec-WebSocket-Accept');
    let buf: Buffer = Buffer.from(head);
    let text: Buffer[] = [];
    const onFrame = (fin: boolean, opcode: number, payload: Buffer) => {
      if (opcode === 0x9) s.write(frame(0xa, payload));
      else if (opcode === 0x8) {
        s.write(frame(0x8));
        end('closed by the server');
      } else if (opcode === 0x1 || opcode === 0x0) {
        text.push(payload);
        if (fin) {
          h.onMessage(Buffer.concat(text).toString('utf8'));
          text = [];
        }
      }
    };
    s.on('data', (chunk: Buffer) => {
      buf = readFrames(Buffer.concat([buf, chunk]), onFrame);
    });
    s.on('close', () => end('connection closed'));
    s.on('error', (err) => end(err.message));
    if (buf.length) buf = readFrames(buf, onFrame);
  });
  req.end();
  return {
    close: () => {
      if (socket && !closed) socket.write(frame(0x8));
      if (!socket) req.destroy();
      end('closed by Tocsin');
    },
  };
}
