import { createHash } from 'node:crypto';
import { ProviderError, type OutboxMessage, type Provider, type SendOptions } from '../../core/outbox/index.js';
import { handOverWatch } from './email-handover.js';
import type { ChannelPayload } from '../content.js';
import { renderEmail } from './email-render.js';

export interface EmailSettings {
  /** smtp://user:pass@host:port (STARTTLS when offered) or smtps:// (TLS from the start). */
  smtpUrl: string;
  /** `Name <address>` or a bare address. */
  from: string;
  /** Connection, greeting and each SMTP answer; also the outbox's deadline for the send. */
  timeoutMs: number;
  concurrency?: number;
}

/** Codes nodemailer gives when the fault is ours (configuration, the message): retrying cannot help. */
const PERMANENT_CODES = new Set(['EAUTH', 'ENOAUTH', 'EENVELOPE', 'EMESSAGE', 'ECONFIG', 'EMAXRECIPIENTS', 'EREQUIRETLS']);

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

/**
 * SMTP's own verdict first: 4xx is "try again later" (greylisting, a full queue), 5xx is a
 * refusal (unknown mailbox, relaying denied, bad credentials). Without a reply code, the network
 * (refused, reset, timed out, TLS) is transient and our own mistakes are permanent.
 */
export function classifySmtpError(err: unknown): ProviderError {
  const e = (err ?? {}) as SmtpError;
  const reply = e.response ? ` (${e.response.slice(0, 200)})` : '';
  const message = `SMTP: ${e.message ?? String(err)}${reply && !e.message?.includes(e.response ?? '') ? reply : ''}`;
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  if (code !== undefined && code >= 400 && code < 500) return new ProviderError(message, 'transient', code);
  if (code !== undefined && code >= 500) return new ProviderError(message, 'permanent', code);
  return new ProviderError(message, e.code && PERMANENT_CODES.has(e.code) ? 'permanent' : 'transient', code);
}

/** The address part of `Name <a@b>`, for the Message-ID's domain. */
const domainOf = (from: string): string => /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'tocsin.localhost';

/**
 * Same key, same Message-ID: a page sent again after a crash is recognisably the same message
 * (mail clients and many servers drop the second copy).
 */
export const messageIdFor = (idempotencyKey: string, from: string): string =>
  `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@${domainOf(from)}>`;

function transportOptions(s: EmailSettings) {
  const url = new URL(s.smtpUrl);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: s.timeoutMs,
    greetingTimeout: s.timeoutMs,
    socketTimeout: s.timeoutMs,
  };
}

/**
 * Email through the operator's SMTP server (nodemailer, one connection per message so a send
 * can be aborted cleanly at the outbox's deadline). Headers: a Message-ID from the message key,
 * `X-Tocsin-Incident` for mail filters, `Auto-Submitted: auto-generated` (RFC 3834) and
 * `X-Auto-Response-Suppress` so out-of-office robots do not answer a page; pages of one incident
 * thread together by `References`. SMTP cannot be asked whether it took a message, so the send
 * says when the server holds the whole of it (email-handover.ts).
 */
export function createEmailProvider(settings: EmailSettings): Provider<ChannelPayload> {
  const options = transportOptions(settings);
  return {
    channel: 'email',
    concurrency: settings.concurrency ?? 4,
    timeoutMs: settings.timeoutMs,
    send: async (message: OutboxMessage<ChannelPayload>, { idempotencyKey, signal, handedOver }: SendOptions) => {
      const { to, content } = message.payload;
      if (!to) throw new ProviderError('no recipient address', 'permanent');
      const mail = renderEmail(content);
      const incident = content.incident;
      const headers: Record<string, string> = { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' };
      if (incident) headers['X-Tocsin-Incident'] = String(incident.number);
      const watch = handOverWatch(options, settings.timeoutMs, signal, handedOver);
      try {
        // Loaded at the first email, not at every start (about 90 ms of it).
        const { default: nodemailer } = await import('nodemailer');
        const info = await nodemailer.createTransport({ ...options, ...watch.transport }).sendMail({
          from: settings.from,
          to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: messageIdFor(idempotencyKey, settings.from),
          references: incident ? messageIdFor(`incident:${incident.id}`, settings.from) : undefined,
          headers,
          signal,
        });
        return { providerRef: info.messageId, responseCode: Number(/^\d{3}/.exec(info.response ?? '')?.[0] ?? 250) };
      } catch (err) {
        throw classifySmtpError(err);
      } finally {
        watch.stop();
      }
    },
  };
}
