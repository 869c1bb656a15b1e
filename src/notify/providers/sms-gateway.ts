import { systemClock, type Clock } from '../../core/clock.js';
import { httpFailure, jsonOf, request, type SmsSender } from './sms-router-http.js';

export interface SmsGatewaySettings {
  /** May hold {{to}} {{text}} {{key}} (URL-escaped there), for gateways that take a GET. */
  url: string;
  method: 'GET' | 'POST' | 'PUT';
  headers: Record<string, string>;
  /** The body template; none for GET. */
  body: string | null;
  /** How values are escaped in the body: by its content type. */
  bodyFormat: 'json' | 'form' | 'text';
  /** A field of the JSON answer that holds the gateway's message id (dotted path), e.g. `id`. */
  refField: string | null;
  /** Where the gateway posts the SMS it receives (replies), when it is set up to. */
  inbound: GatewayInbound | null;
}

/** TOCSIN_SMS_GATEWAY_INBOUND_*: the shared token, and where in the gateway's request each value is. */
export interface GatewayInbound {
  token: string;
  /** Dotted paths into the JSON body, or parameter names (query or form). */
  from: string;
  text: string;
  id: string | null;
  /** Delivery reports (TOCSIN_SMS_GATEWAY_STATUS_*), when the gateway sends them. */
  status: GatewayStatus | null;
}

/** Where a delivery report names the message and its state, and which states mean what. */
export interface GatewayStatus {
  /** The gateway's id of the message (what TOCSIN_SMS_GATEWAY_REF_FIELD recorded), or Tocsin's key when the gateway echoes {{key}}. */
  id: string;
  state: string;
  delivered: string[];
  failed: string[];
  reason: string | null;
}

export type Placeholders = Record<'to' | 'text' | 'key', string>;

const ESCAPE: Record<SmsGatewaySettings['bodyFormat'] | 'url', (v: string) => string> = {
  // Inside a JSON string literal: the quotes of JSON.stringify removed.
  json: (v) => JSON.stringify(v).slice(1, -1),
  // application/x-www-form-urlencoded, as URLSearchParams writes it (space as +).
  form: (v) => new URLSearchParams({ v }).toString().slice(2),
  url: (v) => encodeURIComponent(v),
  text: (v) => v,
};

/** Fills {{to}} {{text}} {{key}} (spaces inside the braces allowed), escaping each value for where it lands. */
export function fillTemplate(template: string, values: Placeholders, format: keyof typeof ESCAPE): string {
  return template.replace(/\{\{\s*(to|text|key)\s*\}\}/g, (_m, name: keyof Placeholders) => ESCAPE[format](values[name]));
}

/** The value at a dotted path of a JSON document (or a parameter's name), when it is a string or a number. */
export function pick(body: unknown, path: string): string | undefined {
  let v: unknown = body;
  for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/**
 * Any HTTP SMS API described by a request template: a regional provider, or a phone running an
 * SMS-gateway app on the operator's own SIM. 2xx is accepted; 408/429/5xx are transient; other
 * answers are permanent. The provider ref is the answer's `refField`, else our message key.
 */
export function smsGateway(settings: SmsGatewaySettings, opts: { clock?: Clock } = {}): SmsSender {
  const clock = opts.clock ?? systemClock;
  return {
    name: 'gateway',
    // Replies come back only from a gateway set up to post what it receives (sms-replies-gateway.ts).
    takesReplies: settings.inbound !== null,
    send: async ({ to, text, idempotencyKey, signal }) => {
      const values = { to, text, key: idempotencyKey };
      const a = await request(fillTemplate(settings.url, values, 'url'), {
        method: settings.method,
        headers: { 'user-agent': 'tocsin-sms', ...settings.headers },
        ...(settings.body === null ? {} : { body: fillTemplate(settings.body, values, settings.bodyFormat) }),
        signal,
      });
      if (a.status < 200 || a.status >= 300) throw httpFailure('gateway', a, clock);
      return (settings.refField ? pick(jsonOf(a.text), settings.refField) : undefined) ?? idempotencyKey;
    },
  };
}
