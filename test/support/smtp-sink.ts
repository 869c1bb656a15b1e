import { spawn } from 'node:child_process';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

/** One message as the sink received it: the envelope, who signed in, and the raw RFC 5322 text. */
export interface SinkMessage {
  from: string;
  to: string[];
  user: string | null;
  raw: string;
  at: number;
}

/**
 * A real SMTP server on loopback for tests: the far end of the email channel (and of the paging
 * storm, which counts what arrived). How it answers is chosen by the recipient's address, so a
 * test needs no control channel: `451-…@` is refused for now (4xx) every time, `451once-…@` only
 * the first time that address is seen, `550-…@` is refused for good (5xx), and `hang-…@` never
 * gets an answer to RCPT TO (the sender's timeout). Any other address is accepted.
 */
export interface SmtpSink {
  port: number;
  /** For TOCSIN_SMTP_URL (with the credentials when the sink requires them). */
  url: string;
  messages: SinkMessage[];
  /** Waits until at least `count` messages arrived; returns them all. */
  waitForMessages(count: number, timeoutMs?: number): Promise<SinkMessage[]>;
  parse(message: SinkMessage): Promise<ParsedMail>;
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** Require AUTH PLAIN/LOGIN with these credentials (over plain TCP: it is a test). */
  auth?: { user: string; pass: string };
  port?: number;
}

/** The answer for one recipient, by the rules above; null accepts. */
export function ruleFor(address: string, seen: Set<string>): { code: number; message: string } | 'hang' | null {
  const local = address.split('@')[0]!.toLowerCase();
  if (local.startsWith('hang-')) return 'hang';
  if (local.startsWith('550-')) return { code: 550, message: '5.1.1 Mailbox unavailable' };
  if (local.startsWith('451-')) return { code: 451, message: '4.7.1 Try again later' };
  if (local.startsWith('451once-') && !seen.has(address)) {
    seen.add(address);
    return { code: 451, message: '4.7.1 Greylisted, try again later' };
  }
  return null;
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

function urlFor(port: number, auth?: SmtpSinkOptions['auth']): string {
  const creds = auth ? `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@` : '';
  return `smtp://${creds}127.0.0.1:${port}`;
}

function sinkApi(port: number, url: string, messages: SinkMessage[], close: () => Promise<void>): SmtpSink {
  return {
    port,
    url,
    messages,
    close,
    parse: (m) => simpleParser(m.raw),
    waitForMessages: async (count, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`the SMTP sink received ${messages.length} of ${count} messages in ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return messages;
    },
  };
}

/** The sink in this process: each message is pushed to `messages` and handed to `onMessage`. */
export async function startSmtpSink(opts: SmtpSinkOptions = {}, onMessage?: (m: SinkMessage) => void): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const seen = new Set<string>();
  const server = new SMTPServer({
    disabledCommands: opts.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    logger: false,
    // Open connections (a hung one) are cut this soon after close(), not 30 s later.
    closeTimeout: 200,
    onAuth: (auth, _session, cb) =>
      opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass ? cb(null, { user: auth.username }) : cb(smtpError(535, '5.7.8 Authentication failed')),
    onRcptTo: (address: SMTPServerAddress, _session, cb) => {
      const rule = ruleFor(address.address, seen);
      if (rule === 'hang') return; // never answers: the client's timeout must end it
      cb(rule ? smtpError(rule.code, rule.message) : null);
    },
    onData: (stream, session, cb) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const envelope = session.envelope;
        const m: SinkMessage = {
          from: envelope.mailFrom ? envelope.mailFrom.address : '',
          to: envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : null,
          raw: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        };
        messages.push(m);
        onMessage?.(m);
        cb(null);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  // A client that dies mid-conversation (the paging storm SIGKILLs the sender) resets its
  // connection; smtp-server reports that as an 'error' event, which unheard would end the sink.
  server.on('error', () => undefined);
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return sinkApi(port, urlFor(port, opts.auth), messages, () => new Promise<void>((resolve) => server.close(() => resolve())));
}

/**
 * The sink as a separate process (test/support/smtp-sink-process.ts), as a real mail server is:
 * it prints `ready <port>` and then one JSON line per message, gathered here into `messages`.
 */
export async function spawnSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink & { pid: number }> {
  const args = ['--import', 'tsx', 'test/support/smtp-sink-process.ts', JSON.stringify(opts)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const messages: SinkMessage[] = [];
  let stderr = '';
  let buffer = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith('ready ')) resolve(Number(line.slice(6)));
        else if (line.startsWith('{')) messages.push(JSON.parse(line) as SinkMessage);
      }
    });
    void exited.then(() => reject(new Error(`the SMTP sink exited before it was ready: ${stderr}`)));
  });
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return { ...sinkApi(port, urlFor(port, opts.auth), messages, close), pid: child.pid! };
}
