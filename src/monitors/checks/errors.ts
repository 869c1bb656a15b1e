// Node's socket, DNS and TLS errors as a FailureKind and the few words a person reads.
import type { FailureKind } from '../model.js';

export interface Described {
  failure: FailureKind;
  message: string;
}

/** Certificate verification codes (OpenSSL's, and Node's host check) in words. */
const CERT_WORDS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not valid yet',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate, not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain, not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate not trusted (unknown issuer)',
  UNABLE_TO_GET_ISSUER_CERT: 'certificate not trusted (unknown issuer)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificate not trusted (unknown issuer)',
  CERT_REVOKED: 'certificate has been revoked',
  CERT_SIGNATURE_FAILURE: 'certificate signature is invalid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate is not for this host',
};

/** Words for a certificate that failed verification (a code from authorizationError). */
export function certificateWords(code: string, host: string): string {
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `certificate is not for ${host}`;
  return CERT_WORDS[code] ?? `certificate not trusted (${code})`;
}

const SOCKET_WORDS: Record<string, Described> = {
  ECONNREFUSED: { failure: 'refused', message: 'connection refused' },
  ECONNRESET: { failure: 'reset', message: 'connection reset' },
  EPIPE: { failure: 'reset', message: 'connection closed while sending' },
  ETIMEDOUT: { failure: 'timeout', message: 'connection timed out' },
  EHOSTUNREACH: { failure: 'error', message: 'host unreachable' },
  ENETUNREACH: { failure: 'error', message: 'network unreachable' },
  EADDRNOTAVAIL: { failure: 'error', message: 'address not available' },
};

/** Happy-eyeballs connects fail with an AggregateError whose code sits on the parts. */
function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; errors?: unknown };
  if (typeof e.code === 'string') return e.code;
  return Array.isArray(e.errors) ? codeOf(e.errors[0]) : undefined;
}

export function describeError(err: unknown, host: string): Described {
  const code = codeOf(err) ?? '';
  const text = err instanceof Error ? err.message : String(err);
  if (SOCKET_WORDS[code]) return SOCKET_WORDS[code];
  if (code === 'ENOTFOUND' || code === 'EAI_NONAME') return { failure: 'dns', message: `${host} does not resolve` };
  if (code === 'EAI_AGAIN' || code === 'EAI_FAIL') return { failure: 'dns', message: `could not resolve ${host} (${code})` };
  if (code in CERT_WORDS || /^(CERT_|UNABLE_TO_)/.test(code)) return { failure: 'tls', message: certificateWords(code, host) };
  if (code.startsWith('ERR_SSL_') || code === 'EPROTO') return { failure: 'tls', message: `TLS handshake failed (${text})` };
  if (code.startsWith('HPE_')) return { failure: 'error', message: `invalid HTTP response (${code})` };
  // Node says "socket hang up" when the server closed before answering.
  if (text === 'socket hang up') return { failure: 'reset', message: 'connection closed before the response' };
  return { failure: 'error', message: text || code || 'check failed' };
}
