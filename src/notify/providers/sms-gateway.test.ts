import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/outbox/index.js';
import { failure, formOf, startWireServer, type WireServer } from '../../../test/support/sms-wire.js';
import { gatewaySettings } from './sms-router-config.js';
import { fillTemplate, smsGateway } from './sms-gateway.js';

const TEXT = 'Checkout "down" & 50% off\nnow';

describe('SMS gateway template', () => {
  it('escapes each value for where it lands: JSON string, form field, URL', () => {
    const v = { to: '+15550001111', text: TEXT, key: 'page:1' };
    expect(JSON.parse(fillTemplate('{"to":"{{to}}","message":"{{ text }}","id":"{{key}}"}', v, 'json'))).toEqual({ to: '+15550001111', message: TEXT, id: 'page:1' });
    expect(formOf(fillTemplate('to={{to}}&msg={{text}}', v, 'form'))).toEqual({ to: '+15550001111', msg: TEXT });
    expect(fillTemplate('https://g.example/send?to={{to}}&text={{text}}', v, 'url')).toBe('https://g.example/send?to=%2B15550001111&text=Checkout%20%22down%22%20%26%2050%25%20off%0Anow');
  });
});

describe('SMS gateway provider (wire format against a local server)', () => {
  let w: WireServer;
  beforeAll(async () => {
    w = await startWireServer();
  });
  afterAll(async () => w.close());

  const send = (env: Record<string, string>, timeoutMs = 2_000) =>
    smsGateway(gatewaySettings(env)!).send({ to: '+15550001111', text: TEXT, idempotencyKey: 'page:1', signal: AbortSignal.timeout(timeoutMs) });

  it('an android SMS-gateway app: POST JSON with Basic auth, the key as the message id, the answer’s id as the ref', async () => {
    w.answer = () => ({ status: 202, body: '{"id":"m-77","state":"Pending"}' });
    const ref = await send({
      TOCSIN_SMS_GATEWAY_URL: `${w.base}/message`,
      TOCSIN_SMS_GATEWAY_HEADERS: '{"Authorization":"Basic dXNlcjpwYXNz"}',
      TOCSIN_SMS_GATEWAY_BODY: '{"id":"{{key}}","message":"{{text}}","phoneNumbers":["{{to}}"]}',
      TOCSIN_SMS_GATEWAY_REF_FIELD: 'id',
    });
    expect(ref).toBe('m-77');
    const r = w.requests.at(-1)!;
    expect([r.method, r.url, r.headers.authorization, r.headers['content-type']]).toEqual(['POST', '/message', 'Basic dXNlcjpwYXNz', 'application/json']);
    expect(JSON.parse(r.body)).toEqual({ id: 'page:1', message: TEXT, phoneNumbers: ['+15550001111'] });
  });

  it('a regional provider: form-encoded POST; without a ref field the ref is our key', async () => {
    w.answer = () => ({ status: 200, body: 'OK' });
    expect(await send({ TOCSIN_SMS_GATEWAY_URL: `${w.base}/api/sms`, TOCSIN_SMS_GATEWAY_BODY: 'user=tocsin&to={{to}}&msg={{text}}' })).toBe('page:1');
    const r = w.requests.at(-1)!;
    expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(formOf(r.body)).toEqual({ user: 'tocsin', to: '+15550001111', msg: TEXT });
  });

  it('a GET gateway takes the values in its URL', async () => {
    w.answer = () => ({ status: 200 });
    await send({ TOCSIN_SMS_GATEWAY_URL: `${w.base}/send?to={{to}}&text={{text}}`, TOCSIN_SMS_GATEWAY_METHOD: 'get' });
    const r = w.requests.at(-1)!;
    expect(r.method).toBe('GET');
    expect(Object.fromEntries(new URL(r.url, w.base).searchParams)).toEqual({ to: '+15550001111', text: TEXT });
  });

  it.each([
    [400, 'permanent'],
    [403, 'permanent'],
    [408, 'transient'],
    [429, 'transient'],
    [500, 'transient'],
    [503, 'transient'],
  ] as const)('HTTP %i is %s', async (status, kind) => {
    w.answer = () => ({ status, body: 'no' });
    const err = (await failure(send({ TOCSIN_SMS_GATEWAY_URL: `${w.base}/x`, TOCSIN_SMS_GATEWAY_BODY: 'to={{to}}' }))) as ProviderError;
    expect(err.kind).toBe(kind);
    expect(err.responseCode).toBe(status);
  });

  it('gives up at its timeout when the gateway hangs', async () => {
    w.answer = () => ({ hang: true });
    expect(await failure(send({ TOCSIN_SMS_GATEWAY_URL: `${w.base}/x` }, 200))).not.toBeInstanceOf(ProviderError);
  });
});
