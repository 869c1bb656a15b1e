import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError, type OutboxMessage } from '../../core/outbox/index.js';
import { freePort } from '../../../test/support/net.js';
import { outboxMessage, rejectionOf } from '../../../test/support/provider-calls.js';
import { startSmtpSink, type SmtpSink } from '../../../test/support/smtp-sink.js';
import type { ChannelPayload } from '../content.js';
import { classifySmtpError, createEmailProvider, messageIdFor } from './email.js';

const FROM = 'Tocsin Pager <pager@tocsin.example>';

const message = (to: string, key = 'page:inc_1:usr_1:1'): OutboxMessage<ChannelPayload> =>
  outboxMessage('email', key, {
    to,
    content: {
      kind: 'page',
      subject: '[SEV-1] #42 Checkout is down',
      text: 'Checkout is down.',
      incident: { id: 'inc_1', number: 42, title: 'Checkout is down', severity: 'SEV-1', status: 'triggered', url: 'https://t.example/incidents/42', services: ['checkout'] },
      ackUrl: 'https://t.example/act/a',
      resolveUrl: 'https://t.example/act/r',
    },
  });

const failure = (p: Promise<unknown>) => rejectionOf<ProviderError>(p);

describe('classifySmtpError', () => {
  it.each([
    [{ responseCode: 421, code: 'ECONNECTION' }, 'transient'],
    [{ responseCode: 451, code: 'EENVELOPE' }, 'transient'],
    [{ responseCode: 452, code: 'EMESSAGE' }, 'transient'],
    [{ responseCode: 550, code: 'EENVELOPE' }, 'permanent'],
    [{ responseCode: 535, code: 'EAUTH' }, 'permanent'],
    [{ responseCode: 554 }, 'permanent'],
    [{ code: 'ECONNECTION' }, 'transient'],
    [{ code: 'ETIMEDOUT' }, 'transient'],
    [{ code: 'ESOCKET' }, 'transient'],
    [{ code: 'EDNS' }, 'transient'],
    [{ code: 'ETLS' }, 'transient'],
    [{ code: 'EABORT' }, 'transient'],
    [{ code: 'EAUTH' }, 'permanent'],
    [{ code: 'EENVELOPE' }, 'permanent'],
    [{}, 'transient'],
  ] as const)('%j is %s', (fields, kind) => {
    const err = classifySmtpError(Object.assign(new Error('x'), fields));
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.kind).toBe(kind);
    expect(err.responseCode).toBe('responseCode' in fields ? fields.responseCode : undefined);
  });
});

describe('email provider (real SMTP server on loopback)', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink({ auth: { user: 'tocsin', pass: 'p@ss word' } });
  });
  afterAll(async () => sink.close());

  const provider = (over: { url?: string; timeoutMs?: number } = {}) =>
    createEmailProvider({ smtpUrl: over.url ?? sink.url, from: FROM, timeoutMs: over.timeoutMs ?? 5_000 });
  const send = (to: string, over: { url?: string; timeoutMs?: number } = {}, key?: string) =>
    provider(over).send(message(to, key), { idempotencyKey: key ?? 'page:inc_1:usr_1:1', signal: AbortSignal.timeout(over.timeoutMs ?? 5_000) });

  it('signs in with the URL credentials and sends the page with its headers', async () => {
    const before = sink.messages.length;
    const result = await send('ada@example.com');
    expect(result.responseCode).toBe(250);
    const [received] = await sink.waitForMessages(before + 1).then((m) => m.slice(before));
    expect(received).toMatchObject({ from: 'pager@tocsin.example', to: ['ada@example.com'], user: 'tocsin' });
    const mail = await sink.parse(received!);
    expect(mail.subject).toBe('[SEV-1] #42 Checkout is down');
    expect(mail.from?.value[0]).toEqual({ address: 'pager@tocsin.example', name: 'Tocsin Pager' });
    expect(mail.messageId).toBe(messageIdFor('page:inc_1:usr_1:1', FROM));
    expect(result.providerRef).toBe(mail.messageId);
    expect(mail.references).toBe(messageIdFor('incident:inc_1', FROM));
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.headers.get('x-tocsin-incident')).toBe('42');
    expect(mail.text).toContain('Acknowledge: https://t.example/act/a');
    expect(mail.html).toContain('href="https://t.example/act/r"');
  });

  it('gives the same message the same Message-ID, and another message another', async () => {
    expect(messageIdFor('k1', FROM)).toBe(messageIdFor('k1', FROM));
    expect(messageIdFor('k1', FROM)).not.toBe(messageIdFor('k2', FROM));
    expect(messageIdFor('k1', FROM)).toMatch(/^<[0-9a-f]{32}@tocsin\.example>$/);
  });

  it('says when the server holds the whole message (before its answer), and never for a refused one', async () => {
    const events: string[] = [];
    const sendNoting = (to: string, key: string) =>
      provider()
        .send(message(to, key), { idempotencyKey: key, signal: AbortSignal.timeout(5_000), handedOver: () => events.push(`handed over ${to}`) })
        .then(() => events.push(`answered ${to}`), () => events.push(`refused ${to}`));
    await sendNoting('ada@example.com', 'page:inc_1:usr_1:2');
    await sendNoting('550-nobody@example.com', 'page:inc_1:usr_2:1');
    expect(events).toEqual(['handed over ada@example.com', 'answered ada@example.com', 'refused 550-nobody@example.com']);
  });

  it('a 4xx answer is transient', async () => {
    const err = await failure(send('451-busy@example.com'));
    expect(err).toMatchObject({ kind: 'transient', responseCode: 451 });
  });

  it('a 5xx answer is permanent', async () => {
    const err = await failure(send('550-nobody@example.com'));
    expect(err).toMatchObject({ kind: 'permanent', responseCode: 550 });
  });

  it('wrong credentials are permanent (the configuration is wrong; the next method is tried)', async () => {
    const err = await failure(send('ada@example.com', { url: `smtp://tocsin:wrong@127.0.0.1:${sink.port}` }));
    expect(err).toMatchObject({ kind: 'permanent', responseCode: 535 });
  });

  it('a server that is down is transient', async () => {
    const err = await failure(send('ada@example.com', { url: `smtp://127.0.0.1:${await freePort()}` }));
    expect(err.kind).toBe('transient');
  });

  it('a server that stops answering is cut at the timeout, transient', async () => {
    const t0 = performance.now();
    const err = await failure(send('hang-forever@example.com', { timeoutMs: 1_000 }));
    expect(err.kind).toBe('transient');
    expect(performance.now() - t0).toBeLessThan(3_000);
  });

  it('a message with no address fails permanently', async () => {
    expect((await failure(send(''))).kind).toBe('permanent');
  });
});
