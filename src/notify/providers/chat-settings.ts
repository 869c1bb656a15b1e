import { ValidationError } from '../../core/errors.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The chat channel's settings, from TOCSIN_* variables. */
export interface ChatSettings {
  /** A Slack app's signing secret: Slack's buttons call Tocsin back (null: buttons are links). */
  slackSigningSecret: string | null;
  /** Post to any host rather than each product's own (a proxy, a custom Teams domain, tests). */
  anyHost: boolean;
  timeoutMs: number;
  concurrency: number;
}

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ValidationError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`, name);
  return n;
}

/** Reads TOCSIN_SLACK_SIGNING_SECRET and TOCSIN_CHAT_*; a bad one is refused by name. */
export function chatSettings(env: Env): ChatSettings {
  const secret = env.TOCSIN_SLACK_SIGNING_SECRET?.trim() || null;
  // Slack's signing secrets are 32 hex digits; a short one is a paste of something else (the app id, a token).
  if (secret !== null && secret.length < 16) throw new ValidationError('TOCSIN_SLACK_SIGNING_SECRET looks too short: copy the Signing Secret from the Slack app’s Basic Information page', 'TOCSIN_SLACK_SIGNING_SECRET');
  const anyRaw = env.TOCSIN_CHAT_ANY_HOST?.trim().toLowerCase() ?? '';
  if (!['', '0', '1', 'true', 'false', 'yes', 'no', 'on', 'off'].includes(anyRaw)) throw new ValidationError(`TOCSIN_CHAT_ANY_HOST must be true or false, got "${anyRaw}"`, 'TOCSIN_CHAT_ANY_HOST');
  return {
    slackSigningSecret: secret,
    anyHost: ['1', 'true', 'yes', 'on'].includes(anyRaw),
    timeoutMs: int(env, 'TOCSIN_CHAT_TIMEOUT_MS', 10_000, 100, 120_000),
    concurrency: int(env, 'TOCSIN_CHAT_CONCURRENCY', 8, 1, 100),
  };
}
