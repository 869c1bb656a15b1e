// TLS checks: handshake, then judge the peer certificate (trusted, for this host, not expired,
// not expiring within cert_expiry_days). The handshake does not reject an untrusted
// certificate, so its expiry is reported even then.
import { connect, type PeerCertificate } from 'node:tls';
import type { CheckOutcome, TlsSpec } from '../model.js';
import { certificateExpiry, expiryVerdict, serverName, trustContext } from './certificates.js';
import { certificateWords } from './errors.js';
import { downOutcome, elapsedMs, failed, upOutcome, withDeadline, type CheckOptions, type Cut } from './outcome.js';

interface Handshake {
  latency: number;
  cert: PeerCertificate;
  /** Why verification failed (an OpenSSL or Node code), or null when trusted. */
  problem: string | null;
}

export function checkTls(spec: TlsSpec, opts: CheckOptions): Promise<CheckOutcome> {
  return withDeadline(opts, spec.host, async (cut, started) => {
    const { latency, cert, problem } = await handshake(spec, opts, cut, started);
    const expiresAt = certificateExpiry(cert);
    if (problem) return downOutcome('tls', certificateWords(problem, spec.host), latency, expiresAt);
    const expiry = expiryVerdict(expiresAt, spec.cert_expiry_days, opts.now());
    if (expiry.kind === 'expired') return downOutcome('tls', expiry.message, latency, expiresAt);
    if (expiry.kind === 'expiring') return failed('degraded', 'cert_expiring', expiry.message, latency, expiresAt);
    return upOutcome(latency, expiresAt);
  });
}

function handshake(spec: TlsSpec, opts: CheckOptions, cut: Cut, started: number): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: spec.host,
      port: spec.port,
      servername: serverName(spec.host),
      secureContext: trustContext(opts.ca),
      rejectUnauthorized: false,
    });
    cut.onCut(() => socket.destroy());
    socket.once('secureConnect', () => {
      const latency = elapsedMs(started);
      const cert = socket.getPeerCertificate();
      const problem = socket.authorized ? null : String(socket.authorizationError ?? 'UNKNOWN');
      socket.destroy();
      resolve({ latency, cert, problem });
    });
    socket.once('error', reject);
  });
}
