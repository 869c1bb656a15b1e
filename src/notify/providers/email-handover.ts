import net from 'node:net';
import tls from 'node:tls';

// When the SMTP server holds the whole message. SMTP cannot be asked afterwards whether it took a
// message, so a process that died between the final dot and reading the server's 250 (a busy
// event loop reads it late) sent the page again. The connection is opened here and its writes
// are watched: the message data ends with CRLF "." CRLF, which no command and no data line can
// contain (SMTP doubles a line's leading dot). Once the write that carries it has reached the
// kernel (at once for most writes, else at its completion callback), the kernel delivers it even
// if this process dies next. That is the hand-over (Provider.send's `handedOver`), noted in the
// same call stack as the write, so nothing runs in between.
//
// Only on a socket made here: plain SMTP, and smtps (the TLS socket is made here too, so its
// writes are the plain text and their completion means the encrypted bytes left). After a
// STARTTLS upgrade nodemailer writes through a TLS socket of its own, which is not watched: no
// hand-over then, and such an email is noted when its 250 is read.

type SocketCallback = (err: Error | null, socket?: { connection: net.Socket; secured?: boolean }) => void;

export interface HandOverWatch {
  /** createTransport options: the connection, opened here. */
  transport: { getSocket: (options: unknown, callback: SocketCallback) => void };
  /** The send is over: no hand-over from now on. */
  stop(): void;
}

/**
 * Bytes given to the socket that have not left the process yet. A write is counted until libuv has
 * handed it to the kernel (its callback), and a TLS socket's until its encrypted bytes have.
 */
export const unwritten = (socket: net.Socket): number => socket.writableLength;

/** The end of the message data (RFC 5321 4.1.1.4). */
const END_OF_DATA = Buffer.from('\r\n.\r\n');

/** A socket's `write`, every form of it. */
type Write = (chunk: unknown, encoding?: BufferEncoding | ((err?: Error | null) => void), cb?: (err?: Error | null) => void) => boolean;

/**
 * Opens the connection for one send (to `host:port`, TLS from the start when `secure`; cut after
 * `timeoutMs` or at `signal`) and calls `handedOver` once the whole message is in the kernel;
 * never after a STARTTLS upgrade (the TLS socket nodemailer makes is not watched).
 */
export function handOverWatch(target: { host: string; port: number; secure: boolean; ca?: string }, timeoutMs: number, signal: AbortSignal, handedOver?: () => void): HandOverWatch {
  let socket: net.Socket | undefined;
  let over = false;
  /** The end of the data was written while some of it was still in the process: each completed write looks again. */
  let waiting = false;
  const whenWritten = (): void => {
    if (over || !socket || socket.destroyed || !handedOver) return;
    waiting = unwritten(socket) > 0;
    if (waiting) return;
    over = true;
    handedOver();
  };
  /** Each write to the socket: does it end the data, and when has it reached the kernel. */
  const watchWrites = (s: net.Socket): void => {
    const write = s.write.bind(s) as Write;
    let tail = Buffer.alloc(0); // the last bytes written: the end of the data can straddle two writes
    const watched: Write = (chunk, encoding, cb) => {
      const done = typeof encoding === 'function' ? encoding : cb;
      const enc = typeof encoding === 'function' ? undefined : encoding;
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), enc ?? 'utf8');
      tail = Buffer.concat([tail, bytes.subarray(-END_OF_DATA.length)]).subarray(-END_OF_DATA.length);
      const ends = tail.equals(END_OF_DATA);
      const result = write(chunk, enc, (err) => {
        done?.(err);
        if (waiting) whenWritten();
      });
      if (ends) whenWritten(); // a write the kernel took at once leaves nothing unwritten here
      return result;
    };
    s.write = watched as typeof s.write;
  };
  const getSocket = (_options: unknown, callback: SocketCallback): void => {
    const servername = net.isIP(target.host) ? undefined : target.host;
    const s = target.secure ? tls.connect({ host: target.host, port: target.port, servername, ca: target.ca }) : net.connect({ host: target.host, port: target.port });
    socket = s;
    if (handedOver) watchWrites(s); // nobody to tell (no journal): the socket is left as it is
    let settled = false;
    const done = (err: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      signal.removeEventListener('abort', onAbort);
      s.removeListener('error', done);
      if (err) {
        s.destroy();
        callback(err);
      } else callback(null, { connection: s, secured: target.secure });
    };
    const connectTimer = setTimeout(() => done(Object.assign(new Error(`connection timed out after ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs);
    const onAbort = () => done(Object.assign(new Error('connection aborted'), { code: 'EABORT' }));
    signal.addEventListener('abort', onAbort, { once: true });
    s.once('error', done);
    s.once(target.secure ? 'secureConnect' : 'connect', () => done(null));
  };
  return {
    transport: { getSocket },
    stop() {
      over = true;
    },
  };
}
