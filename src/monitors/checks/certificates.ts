// Trust (Node's roots plus any extra CAs) and what a peer certificate's expiry means for a check.
import { isIP } from 'node:net';
import { createSecureContext, rootCertificates, type PeerCertificate, type SecureContext } from 'node:tls';

const DAY_MS = 86_400_000;

// Building a context parses ~150 root certificates: do it once per set of extra CAs.
const contexts = new Map<string, SecureContext>();

/** A secure context trusting Node's roots and `ca`, or undefined for Node's default. */
export function trustContext(ca: readonly string[] | undefined): SecureContext | undefined {
  if (!ca || ca.length === 0) return undefined;
  const key = ca.join('\n');
  let context = contexts.get(key);
  if (!context) {
    context = createSecureContext({ ca: [...rootCertificates, ...ca] });
    contexts.set(key, context);
  }
  return context;
}

/** valid_to of the peer's certificate as epoch ms, or null when there is none. */
export function certificateExpiry(cert: PeerCertificate | null | undefined): number | null {
  if (!cert || !cert.valid_to) return null;
  const at = Date.parse(cert.valid_to);
  return Number.isFinite(at) ? at : null;
}

export type ExpiryVerdict = { kind: 'ok' } | { kind: 'expired' | 'expiring'; message: string };

/** Expired by `now`, or expiring within `withinDays` (null = never warn). */
export function expiryVerdict(expiresAt: number | null, withinDays: number | null, now: number): ExpiryVerdict {
  if (expiresAt === null) return { kind: 'ok' };
  if (expiresAt <= now) return { kind: 'expired', message: 'certificate has expired' };
  if (withinDays === null || expiresAt - now >= withinDays * DAY_MS) return { kind: 'ok' };
  const days = Math.floor((expiresAt - now) / DAY_MS);
  const when = days === 0 ? 'within a day' : `in ${days} day${days === 1 ? '' : 's'}`;
  return { kind: 'expiring', message: `certificate expires ${when} (${new Date(expiresAt).toISOString().slice(0, 10)})` };
}

/** A literal IP address is no server name (SNI carries host names only). */
export function serverName(host: string): string | undefined {
  return isIP(host) === 0 ? host : undefined;
}
