// DNS checks with a Resolver of their own (the monitor's resolver, or the system's servers):
// the name must resolve, and the answer must hold every expected value.
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { CheckOutcome, DnsRecordType, DnsSpec } from '../model.js';
import { downOutcome, elapsedMs, upOutcome, withDeadline, type CheckOptions } from './outcome.js';

export function checkDns(spec: DnsSpec, opts: CheckOptions): Promise<CheckOutcome> {
  return withDeadline(opts, spec.name, async (cut, started) => {
    const resolver = new Resolver({ timeout: opts.timeoutMs, tries: 1 });
    if (spec.resolver) {
      try {
        resolver.setServers([spec.resolver]);
      } catch {
        return downOutcome('error', `resolver ${spec.resolver} is not an IP address (or IP:port)`, 0);
      }
    }
    cut.onCut(() => resolver.cancel());
    let answer: string[];
    try {
      answer = (await lookup(resolver, spec.name, spec.record_type)).map(normalize);
    } catch (err) {
      return failure(err, spec, opts, elapsedMs(started));
    }
    const latency = elapsedMs(started);
    if (answer.length === 0) return downOutcome('dns', `no ${spec.record_type} records for ${spec.name}`, latency);
    const missing = spec.expected.filter((value) => !answer.includes(normalize(value)));
    if (missing.length > 0) return downOutcome('dns', `expected ${missing.join(', ')}, got ${answer.join(', ')}`, latency);
    return upOutcome(latency);
  });
}

/** Each record type's answer as comparable text: MX by exchange name, TXT with its chunks joined. */
async function lookup(resolver: Resolver, name: string, type: DnsRecordType): Promise<string[]> {
  switch (type) {
    case 'A':
      return resolver.resolve4(name);
    case 'AAAA':
      return resolver.resolve6(name);
    case 'CNAME':
      return resolver.resolveCname(name);
    case 'NS':
      return resolver.resolveNs(name);
    case 'MX':
      return (await resolver.resolveMx(name)).map((mx) => mx.exchange);
    case 'TXT':
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
  }
}

/** Case-insensitive, without the root dot, IPv6 in its short form (2001:DB8:0::1 = 2001:db8::1). */
export function normalize(value: string): string {
  const text = value.trim().toLowerCase();
  if (isIP(text) === 6) return new URL(`http://[${text}]`).hostname.slice(1, -1);
  return text.length > 1 ? text.replace(/\.$/, '') : text;
}

function failure(err: unknown, spec: DnsSpec, opts: CheckOptions, latency: number): CheckOutcome {
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOTFOUND':
      return downOutcome('dns', `${spec.name} not found (NXDOMAIN)`, latency);
    case 'ENODATA':
      return downOutcome('dns', `no ${spec.record_type} records for ${spec.name}`, latency);
    case 'ETIMEOUT':
      return downOutcome('timeout', `no answer within ${opts.timeoutMs} ms`, latency);
    case 'ESERVFAIL':
      return downOutcome('dns', 'the resolver failed (SERVFAIL)', latency);
    case 'EREFUSED':
      return downOutcome('dns', 'the resolver refused the query', latency);
    case 'ECONNREFUSED':
      return downOutcome('dns', 'the resolver refused the connection', latency);
    default:
      return downOutcome('dns', `lookup failed (${typeof code === 'string' ? code : String(err)})`, latency);
  }
}
