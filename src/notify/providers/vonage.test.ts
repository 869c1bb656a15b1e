import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/outbox/index.js';
import { failure, formOf, startWireServer, type WireServer } from '../../../test/support/sms-wire.js';
import { vonageSms } from './vonage.js';

const ok = (id = '0A0000000123ABCD1') => JSON.stringify({ 'message-count': '1', messages: [{ to: '447700900000', 'message-id': id, status: '0', 'remaining-balance': '3.14' }] });

describe('Vonage SMS provider (wire format against a local server)', () => {
  let w: WireServer;
  beforeAll(async () => {
    w = await startWireServer();
  });
  afterAll(async () => w.close());

  const send = (text = 'Checkout is down', timeoutMs = 2_000, statusCallback?: string) =>
    vonageSms({ apiKey: 'key1', apiSecret: 'sec1', from: 'Tocsin', baseUrl: w.base, signatureSecret: null, signatureMethod: 'md5hash' }, { statusCallback }).send({ to: '+447700900000', text, idempotencyKey: 'page:inc_1:1', signal: AbortSignal.timeout(timeoutMs) });

  it('POSTs api_key, api_secret, from, to without the +, text and client-ref to /sms/json', async () => {
    w.answer = () => ({ body: ok() });
    expect(await send()).toBe('0A0000000123ABCD1');
    const r = w.requests.at(-1)!;
    expect([r.method, r.url, r.headers['content-type']]).toEqual(['POST', '/sms/json', 'application/x-www-form-urlencoded']);
    expect(formOf(r.body)).toEqual({ api_key: 'key1', api_secret: 'sec1', from: 'Tocsin', to: '447700900000', text: 'Checkout is down', 'client-ref': 'page:inc_1:1' });
  });

  it('names our delivery-receipt URL as the callback when there is one', async () => {
    w.answer = () => ({ body: ok() });
    await send('Checkout is down', 2_000, 'https://tocsin.example.com/notify/vonage/sms-status');
    expect(formOf(w.requests.at(-1)!.body).callback).toBe('https://tocsin.example.com/notify/vonage/sms-status');
  });

  it('asks for unicode when the text is not GSM', async () => {
    w.answer = () => ({ body: ok() });
    await send('Оплата не работает');
    expect(formOf(w.requests.at(-1)!.body).type).toBe('unicode');
  });

  it.each([
    ['1', 'Throttled', 'transient'],
    ['5', 'Internal Error', 'transient'],
    ['2', 'Missing to param', 'permanent'],
    ['3', 'Invalid to param', 'permanent'],
    ['4', 'Bad Credentials', 'permanent'],
    ['6', 'Unroutable', 'permanent'],
    ['9', 'Partner quota exceeded', 'permanent'],
    ['29', 'Non White-listed Destination', 'permanent'],
  ] as const)('status %s (%s) in a 200 answer is %s', async (status, text, kind) => {
    w.answer = () => ({ body: JSON.stringify({ 'message-count': '1', messages: [{ status, 'error-text': text }] }) });
    const err = (await failure(send())) as ProviderError;
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.kind).toBe(kind);
    expect(err.message).toBe(`vonage: status ${status} ${text}`);
  });

  it('a part refused among accepted ones fails the send', async () => {
    w.answer = () => ({ body: JSON.stringify({ 'message-count': '2', messages: [{ status: '0', 'message-id': 'a' }, { status: '3', 'error-text': 'Invalid' }] }) });
    expect(((await failure(send())) as ProviderError).kind).toBe('permanent');
  });

  it.each([
    [401, 'permanent'],
    [429, 'transient'],
    [500, 'transient'],
    [502, 'transient'],
  ] as const)('HTTP %i is %s', async (status, kind) => {
    w.answer = () => ({ status, body: 'nope' });
    expect(((await failure(send())) as ProviderError).kind).toBe(kind);
  });

  it('an answer that is not Vonage’s JSON fails permanently', async () => {
    w.answer = () => ({ body: '<html></html>' });
    expect(((await failure(send())) as ProviderError).kind).toBe('permanent');
  });

  it('gives up at its timeout when Vonage hangs', async () => {
    w.answer = () => ({ hang: true });
    const err = await failure(send('x', 200));
    expect(err).not.toBeInstanceOf(ProviderError);
  });
});
