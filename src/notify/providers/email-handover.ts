import net from 'node:net';

// When the SMTP server holds the whole message. SMTP cannot be asked afterwards whether it took a
// message, so a process that died between the final dot and reading the server's 250 (a busy
// event loop reads it late) sent the page again. nodemailer logs the end of the message data
// once it has written the final dot to the connection (smtp-connection's data stream 'end', the
// `tnx: 'message'` line with its byte counts). From the moment the socket opened here has nothing
// left to write, the dot is in the kernel, which delivers it even if this process dies next: that
// is the hand-over (Provider.send's `handedOver`). Over TLS (STARTTLS, smtps) the encrypted bytes
// go through the same socket, so the same test holds.

type SocketCallback = (err: Error | null, socket?: { connection: net.Socket }) => void;

export interface HandOverWatch {
  /** createTransport options: the connection opened here, and the logger that hears the data end. */
  transport: { getSocket: (options: unknown, callback: SocketCallback) => void; logger: Record<'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal', (...args: unknown[]) => void> };
  /** The send is over: no hand-over from now on. */
  stop(): void;
}

/** Bytes given to the socket that the kernel has not taken yet: in the stream's buffer, or libuv's queue (TLS writes there directly). */
export function unwritten(socket: net.Socket): number {
  const queued = (socket as unknown as { _handle?: { writeQueueSize?: number } | null })._handle?.writeQueueSize ?? 0;
  return socket.writableLength + queued;
}

/** nodemailer's log line for the end of the message data (smtp-connection, `_createSendStream`). */
const isMessageEnd = (meta: unknown): boolean =>
  typeof meta === 'object' && meta !== null && (meta as { tnx?: unknown }).tnx === 'message' && typeof (meta as { outByteCount?: unknown }).outByteCount === 'number';

const quiet = () => undefined;

/** How often a hand-over waiting for the kernel to take the last bytes looks again. */
const FLUSH_POLL_MS = 2;

/**
 * Opens the connection for one send (to `host:port`, cut after `timeoutMs` or at `signal`) and
 * calls `handedOver` once the whole message is in the kernel; nothing is called without it.
 */
export function handOverWatch(target: { host: string; port: number }, timeoutMs: number, signal: AbortSignal, handedOver?: () => void): HandOverWatch {
  let socket: net.Socket | undefined;
  let over = false;
  let timer: NodeJS.Timeout | undefined;
  const whenWritten = (): void => {
    timer = undefined;
    if (over || !socket || socket.destroyed) return;
    if (unwritten(socket) > 0) {
      timer = setTimeout(whenWritten, FLUSH_POLL_MS);
      return;
    }
    over = true;
    handedOver?.();
  };
  const getSocket = (_options: unknown, callback: SocketCallback): void => {
    const s = net.connect({ host: target.host, port: target.port });
    socket = s;
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
      } else callback(null, { connection: s });
    };
    const connectTimer = setTimeout(() => done(Object.assign(new Error(`connection timed out after ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs);
    const onAbort = () => done(Object.assign(new Error('connection aborted'), { code: 'EABORT' }));
    signal.addEventListener('abort', onAbort, { once: true });
    s.once('error', done);
    s.once('connect', () => done(null));
  };
  const info = (meta?: unknown): void => {
    if (handedOver && isMessageEnd(meta)) whenWritten();
  };
  return {
    transport: { getSocket, logger: { trace: quiet, debug: quiet, info, warn: quiet, error: quiet, fatal: quiet } },
    stop() {
      over = true;
      clearTimeout(timer);
    },
  };
}
