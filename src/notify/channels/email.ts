import { ValidationError } from '../../core/errors.js';
import type { Kernel } from '../../core/module.js';
import { registerActionRoutes } from '../links-routes.js';
import { createEmailProvider, type EmailSettings } from '../providers/email.js';
import { LINKS_TO_LOCALHOST, publicUrlSet } from './setup.js';
import type { ChannelPlugin } from './types.js';
import { unconfiguredProvider } from './unconfigured.js';

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_FROM = 'Tocsin <tocsin@localhost>';
const DEFAULT_TIMEOUT_MS = 20_000;
const HOW_TO = 'set TOCSIN_SMTP_URL to smtp://user:password@host:587 (or smtps://…:465) and TOCSIN_SMTP_FROM to the sender address';

/** `a@b.c` or `Name <a@b.c>`; no line breaks (they would start a header). */
const FROM = /^(?:[^<>\r\n]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/;

function parseTimeout(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_TIMEOUT_MS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1_000 || n > 300_000) {
    throw new ValidationError(`TOCSIN_SMTP_TIMEOUT_MS must be a whole number of milliseconds from 1000 to 300000, got "${raw}"`, 'TOCSIN_SMTP_TIMEOUT_MS');
  }
  return n;
}

function parseUrl(raw: string): string {
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    url = null;
  }
  // The message never repeats the value: it may hold the SMTP password.
  if (!url || !['smtp:', 'smtps:'].includes(url.protocol) || !url.hostname || (url.port !== '' && Number(url.port) < 1)) {
    throw new ValidationError('TOCSIN_SMTP_URL must look like smtp://user:password@host:587 or smtps://user:password@host:465', 'TOCSIN_SMTP_URL');
  }
  return raw;
}

/** Reads TOCSIN_SMTP_*; null when no SMTP server is configured; a bad value is refused by name. */
export function emailSettings(env: Env): EmailSettings | null {
  const raw = env.TOCSIN_SMTP_URL?.trim();
  if (!raw) return null;
  const from = env.TOCSIN_SMTP_FROM?.trim() || DEFAULT_FROM;
  if (!FROM.test(from)) throw new ValidationError(`TOCSIN_SMTP_FROM must be an address or "Name <address>", got "${from}"`, 'TOCSIN_SMTP_FROM');
  return { smtpUrl: parseUrl(raw), from, timeoutMs: parseTimeout(env.TOCSIN_SMTP_TIMEOUT_MS) };
}

/**
 * Email through the operator's SMTP server, and the public `/act/<token>` pages its acknowledge
 * and resolve links open (push and chat buttons use the same links).
 */
export const emailChannel: ChannelPlugin = {
  channel: 'email',
  providers: (kernel: Kernel) => {
    const settings = emailSettings(kernel.config.env);
    return [settings ? createEmailProvider(settings) : unconfiguredProvider('email', HOW_TO)];
  },
  configured: (kernel: Kernel) => emailSettings(kernel.config.env) !== null,
  setup: (kernel: Kernel) => {
    const s = emailSettings(kernel.config.env);
    if (!s) return { providers: [], routes: [], callbacks: [], notes: [HOW_TO] };
    const url = new URL(s.smtpUrl);
    const notes = publicUrlSet(kernel) ? [] : [LINKS_TO_LOCALHOST];
    return { providers: [`SMTP ${url.protocol.replace(':', '')}://${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 587)}, from ${s.from}`], testable: ['smtp'], routes: [], callbacks: [], notes };
  },
  public: [{ prefix: '/act', auth: 'signed-link', register: registerActionRoutes }],
};
