import { Option, type Command } from 'commander';
import { apiClient, type Api } from '../cli/api-client.js';
import { CliError, collect, EXIT_USAGE, intInRange, listOf, oneOf } from '../cli/common.js';
import { resolveId } from '../cli/lookup.js';
import { out, printJson } from '../cli/output.js';
import type { ApiRequestBody } from '../http/api-types.js';
import { apiCommand, severityArg, type Opts, type Severity } from '../incidents/cli-args.js';
import { SERVICE_LOOKUP } from '../services/cli.js';
import { asUsageError, durationMs, headerArg, hostPort, wholeSeconds } from './cli-args.js';
import { monitorFields, type Monitor } from './cli-view.js';
import { MONITOR_TYPES, type MonitorType } from './model.js';

// `tocsin monitor add`: a URL and sensible defaults; the flags for everything else.

type NewMonitor = ApiRequestBody<'/api/v1/monitors', 'post'>;
type Target = NonNullable<NewMonitor['target']>;

export interface AddOptions extends Opts {
  type?: MonitorType;
  name?: string;
  interval?: number;
  timeout?: number;
  service?: string;
  severity?: Severity;
  location?: string[];
  expectStatus?: string[];
  contains?: string[];
  method?: string;
  header?: [string, string][];
  host?: string;
  port?: number;
  recordType?: string;
  resolver?: string;
  period?: number;
  grace?: number;
  failuresToDown?: number;
  locationsToAlert?: number;
  recheck?: number;
  autoResolve?: boolean;
}

const isHttpUrl = (raw: string): boolean => /^https?:\/\//i.test(raw.trim());

/** The type asked for, or the one the target looks like: a URL is http, nothing is a heartbeat only when asked. */
function typeOf(raw: string | undefined, o: AddOptions): MonitorType {
  if (o.type) return o.type;
  if (raw === undefined && o.host) return 'tcp';
  if (raw === undefined) throw new CliError('give the URL to check (or --type tcp|dns|tls|heartbeat with its flags); see tocsin monitor add --help', EXIT_USAGE);
  return 'http';
}

/** The API's `target` from the positional argument and the type's flags. */
export function targetFrom(type: MonitorType, raw: string | undefined, o: AddOptions): Target {
  switch (type) {
    case 'http': {
      const headers = o.header?.length ? Object.fromEntries(o.header) : undefined;
      const assertions = o.contains?.map((value) => ({ kind: 'body_contains' as const, value }));
      return { url: raw ?? '', method: o.method, headers, expected_status: o.expectStatus, ...(assertions ? { assertions } : {}) };
    }
    case 'tcp':
    case 'tls': {
      const given = raw === undefined ? { host: o.host } : hostPort(raw);
      return { host: o.host ?? given.host ?? '', port: o.port ?? ('port' in given ? given.port : undefined) };
    }
    case 'dns':
      return { name: raw ?? '', record_type: o.recordType, resolver: o.resolver };
    case 'heartbeat':
      return { period_s: o.period, grace_s: o.grace };
  }
}

async function bodyOf(api: Api, raw: string | undefined, o: AddOptions): Promise<NewMonitor> {
  const type = typeOf(raw, o);
  if (type === 'http' && raw !== undefined && !isHttpUrl(raw) && !o.type && /^[\w.-]+:\d+$/.test(raw)) {
    throw new CliError(`URL: "${raw}" looks like host:port; for a TCP check add --type tcp`, EXIT_USAGE);
  }
  const confirmation = {
    ...(o.failuresToDown ? { failures_to_down: o.failuresToDown } : {}),
    ...(o.locationsToAlert ? { locations_to_alert: o.locationsToAlert } : {}),
    ...(o.recheck !== undefined ? { recheck_s: o.recheck } : {}),
  };
  return {
    type,
    target: targetFrom(type, raw, o),
    ...(o.name !== undefined ? { name: o.name } : {}),
    ...(o.interval !== undefined ? { interval_s: o.interval } : {}),
    ...(o.timeout !== undefined ? { timeout_ms: o.timeout } : {}),
    ...(o.service !== undefined ? { service_id: await resolveId(api, o.service, { ...SERVICE_LOOKUP, flag: '--service' }) } : {}),
    ...(o.severity ? { severity: o.severity } : {}),
    ...(o.location?.length ? { locations: o.location } : {}),
    ...(Object.keys(confirmation).length ? { confirmation } : {}),
    ...(o.autoResolve === false ? { auto_resolve: false } : {}),
  };
}

export async function serviceName(api: Api, id: string | null): Promise<string | null> {
  if (!id) return null;
  return api.get<{ name: string }>(`/services/${encodeURIComponent(id)}`).then(
    (s) => s.name,
    () => null,
  );
}

export function addCommand(monitor: Command): void {
  apiCommand(
    monitor
      .command('add')
      .description('add a monitor: a URL to check, or a TCP port, TLS certificate, DNS name or heartbeat')
      .argument('[target]', 'http: the URL; tcp/tls: host:port; dns: the name to resolve')
      .addOption(new Option('--type <type>', `${MONITOR_TYPES.join(', ')} (default: http for a URL)`).argParser(oneOf(MONITOR_TYPES)))
      .option('--name <text>', 'what people call it (default: the host)')
      .option('--interval <duration>', 'how often: 30s, 1m, 1h ... (default 60s, at least 10s)', wholeSeconds)
      .option('--timeout <duration>', 'per check: 5s, 500ms ... (default 10s, under the interval)', durationMs)
      .option('--service <service>', 'the service its alerts go to: name or id')
      .addOption(new Option('--severity <SEV-N>', 'severity of the incident it opens (default SEV-2)').argParser(severityArg))
      .option('--location <name>', 'a location that checks it (repeat; default: all)', listOf((s) => s.trim()))
      .option('--failures-to-down <K>', 'failures in a row that mark a location down (default 2)', intInRange(1, 10))
      .option('--locations-to-alert <M>', 'locations down at once that open the alert (default 2, or 1 with one location)', intInRange(1, 50))
      .option('--recheck <duration>', 'after a failure (or a recovery) check again this soon until confirmed: 10s (default), 0 for the schedule only', wholeSeconds)
      .option('--no-auto-resolve', 'leave the incident open when the monitor recovers')
      .option('--expect-status <codes>', 'http: expected statuses, e.g. 200-299,301 (repeat or comma list)', listOf((s) => s.trim()))
      .option('--contains <text>', 'http: the body must contain this (repeat for several)', collect)
      .option('--method <method>', 'http: GET (default), HEAD, POST ...')
      .option('--header <header>', 'http: a request header, "Name: value" (repeat)', headerArg)
      .option('--host <host>', 'tcp, tls: the host')
      .option('--port <port>', 'tcp, tls: the port (tls default 443)', intInRange(1, 65_535))
      .option('--record-type <type>', 'dns: A (default), AAAA, CNAME, MX, TXT, NS')
      .option('--resolver <ip[:port]>', "dns: the resolver to ask (default the system's)")
      .option('--period <duration>', 'heartbeat: how often your job pings (default 60s)', wholeSeconds)
      .option('--grace <duration>', 'heartbeat: how late a ping may be (default 60s)', wholeSeconds)
      .addHelpText(
        'after',
        `
Examples:
  tocsin monitor add https://shop.example.com/health --service checkout --interval 30s
  tocsin monitor add https://api.example.com/status --contains '"ok"' --expect-status 200 --location eu-west --location us-east
  tocsin monitor add db.internal:5432 --type tcp --name "orders db"
  tocsin monitor add example.com --type tls
  tocsin monitor add example.com --type dns --record-type MX
  tocsin monitor add --type heartbeat --name "nightly backup" --period 1d --grace 1h`,
      ),
  ).action(async (raw: string | undefined, o: AddOptions) => {
    const api = apiClient(o);
    const created = await api.post<Monitor>('/monitors', await bodyOf(api, raw, o)).catch((err: unknown) => {
      throw asUsageError(err);
    });
    if (o.json) return printJson(created);
    out(`Added monitor ${created.name}`);
    out(monitorFields(created, { base: api.base, serviceName: await serviceName(api, created.service_id) }));
    if (created.heartbeat_url) out(`\nHave your job call it when it succeeds:\n  curl -fsS -m 10 --retry 5 ${api.base}${created.heartbeat_url}`);
  });
}
