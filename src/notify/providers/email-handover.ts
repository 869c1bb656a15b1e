import net from 'node:net';
import tls from 'node:tls';

// When the SMTP server holds the whole message. SMTP cannot be asked afterwards whether it took a
// message, so a process that died between the final dot and reading the server's 250 (a busy
// event loop reads it late) sent the page again. nodemailer logs the end of the message data
// once it has written the final dot to the connection (smtp-connection's data stream 'end', the
// `tnx: 'message'` line with its byte counts). The connection is opened here, so its socket can be
// watched: once no write to it still waits for libuv to hand it to the kernel, the dot is in the
// kernel, which delivers it even if this process dies next. That is the hand-over
// (Provider.send's `handedOver`).
//
// Only where the watched socket is the one that carried the message: plain SMTP, and smtps (the
// TLS socket is made here). A STARTTLS upgrade puts a TLS socket of nodemailer's over the plain
// one, and its buffer cannot be seen from here (Node 24 keeps the encrypted bytes in it, not in
// the plain socket's queue): no hand-over then, and such an email is noted when its 250 is read.

type SocketCallback = (err: Error | null, socket?: { connection: net.Socket; secured?: boolean }) => void;

export interface HandOverWatch {
  /** createTransport options: the connection opened here, and the logger that hears the data end. */
  transport: { getSocket: (options: unknown, callback: SocketCallback) => void; logger: Record<'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal', (...args: unknown[]) => void> };
  /** The send is over: no hand-over from now on. */
  stop(): void;
}

/**
 * Bytes given to the socket that have not left the process yet. A write is counted until libuv has
 * handed it to the kernel (its callback), and a TLS socket's until its encrypted bytes have.
 */
export const unwritten = (socket: net.Socket): number => socket.writableLength;

/** nodemailer's log line for the end of the message data (smtp-connection, `_createSendStream`). */
const isMessageEnd = (meta: unknown): boolean =>
  typeof meta === 'object' && meta !== null && (meta as { tnx?: unknown }).tnx === 'message' && typeof (meta as { outByteCount?: unknown }).outByteCount === 'number';

const quiet = () => undefined;

/** A socket's `write`, every form of it. */
type Write = (chunk: unknown, encoding?: BufferEncoding | ((err?: Error | null) => void), cb?: (err?: Error | null) => void) => boolean;

/**
 * Opens the connection for one send (to `host:port`, TLS from the start when `secure`; cut after
 * `timeoutMs` or at `signal`) and calls `handedOver` once the whole message is in the kernel;
 * nothing is called without it, or when the message went through a STARTTLS upgrade.
 */
export function handOverWatch(target: { host: string; port: number; secure: boolean; ca?: string }, timeoutMs: number, signal: AbortSignal, handedOver?: () => void): HandOverWatch {
  let socket: net.Socket | undefined;
  let over = false;
  /** The data's end was heard while some of it was still in the process: each completed write looks again. */
  let waiting = false;
  const whenWritten = (): void => {
    if (over || !socket || socket.destroyed) return;
    waiting = unwritten(socket) > 0;
    if (waiting) return;
    over = true;
    handedOver?.();
  };
  /**
   * Each write to the socket tells of its completion, from the libuv callback that handed it to
   * the kernel: a timer looking later would leave the event loop's delay as the window.
   */
  const watchWrites = (s: net.Socket): void => {
    const write = s.write.bind(s) as Write;
    const watched: Write = (chunk, encoding, cb) => {
      const done = typeof encoding === 'function' ? encoding : cb;
      return write(chunk, typeof encoding === 'function' ? undefined : encoding, (err) => {
        done?.(err);
        if (waiting) whenWritten();
      });
    };
    s.write = watched as typeof s.write;
  };
  const getSocket = (_options: unknown, callback: SocketCallback): void => {
    const servername = net.isIP(target.host) ? undefined : target.host;
    const s = target.secure ? tls.connect({ host: target.host, port: target.port, servername, ca: target.ca }) : net.connect({ host: target.host, port: target.port });
    socket = s;
    watchWrites(s);
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
  const info = (meta?: unknown): void => {
    if (!handedOver || !socket || !isMessageEnd(meta)) return;
    // nodemailer reads the server from the socket it talks through: none reading from the watched
    // one means a STARTTLS upgrade put a TLS socket of its own over it, whose buffer is not this
    // one's. Noted at the answer instead.
    if (socket.listenerCount('data') === 0) over = true;
    else whenWritten();
  };
  return {
    transport: { getSocket, logger: { trace: quiet, debug: quiet, info, warn: quiet, error: quiet, fatal: quiet } },
    stop() {
      over = true;
    },
  };
}
