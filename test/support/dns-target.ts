// A UDP DNS server on 127.0.0.1 answering from a small zone, for DNS check tests (via targets.ts).
import { createSocket } from 'node:dgram';
import { decode, encode, RECURSION_AVAILABLE, type Answer, type Question } from 'dns-packet';

export interface DnsRecords {
  A?: string[];
  AAAA?: string[];
  CNAME?: string[];
  NS?: string[];
  MX?: { priority: number; exchange: string }[];
  /** Each record is its chunks (a TXT record can hold several strings). */
  TXT?: string[][];
}

export interface DnsTarget {
  /** "127.0.0.1:<port>", as a DnsSpec's resolver. */
  resolver: string;
  port: number;
  /** Queries received so far. */
  queries(): number;
  close(): Promise<void>;
}

const NXDOMAIN = 3;

/**
 * A UDP DNS server answering from `zone` (names lower-case, without the root dot): a known name
 * without records of the asked type gets an empty answer, an unknown one NXDOMAIN.
 * `silent` receives queries and never answers.
 */
export async function startDnsTarget(zone: Record<string, DnsRecords>, opts: { silent?: boolean } = {}): Promise<DnsTarget> {
  const socket = createSocket('udp4');
  let queries = 0;
  socket.on('message', (message, peer) => {
    queries++;
    if (opts.silent) return;
    let query;
    try {
      query = decode(message);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    const records = question ? zone[question.name.toLowerCase()] : undefined;
    const answers = question && records ? answersFor(question, records) : [];
    const flags = RECURSION_AVAILABLE | (query.flags ?? 0) | (records ? 0 : NXDOMAIN);
    socket.send(encode({ type: 'response', id: query.id, flags, questions: query.questions, answers }), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  return {
    resolver: `127.0.0.1:${port}`,
    port,
    queries: () => queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function answersFor(question: Question, records: DnsRecords): Answer[] {
  const name = question.name;
  const base = { name, ttl: 60, class: 'IN' as const };
  switch (question.type) {
    case 'A':
    case 'AAAA':
    case 'CNAME':
    case 'NS':
      return (records[question.type] ?? []).map((data) => ({ ...base, type: question.type, data }) as Answer);
    case 'MX':
      return (records.MX ?? []).map((data) => ({ ...base, type: 'MX' as const, data: { preference: data.priority, exchange: data.exchange } }));
    case 'TXT':
      return (records.TXT ?? []).map((data) => ({ ...base, type: 'TXT' as const, data }));
    default:
      return [];
  }
}
