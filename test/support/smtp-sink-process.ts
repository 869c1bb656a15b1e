import { startSmtpSink, type SmtpSinkOptions } from './smtp-sink.js';

// `node --import tsx test/support/smtp-sink-process.ts '<options JSON>'`: a real SMTP server in
// its own process (see smtp-sink.ts). Prints `ready <port>`, then each message as one JSON line.

const opts = JSON.parse(process.argv[2] ?? '{}') as SmtpSinkOptions;
const sink = await startSmtpSink(opts, (m) => process.stdout.write(`${JSON.stringify(m)}\n`));
process.stdout.write(`ready ${sink.port}\n`);
const stop = () => void sink.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
