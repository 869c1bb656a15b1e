import { InvalidArgumentError } from 'commander';
import { ApiProblem } from '../cli/api-client.js';
import { CliError, EXIT_USAGE } from '../cli/common.js';
import type { Lookup } from '../cli/lookup.js';

// Values the monitor commands take, and the API's complaints turned back into the flag that
// carried the value: `--interval: Checks run every 10 seconds at the most often ...`.

/** How a monitor given on the command line (name or id) is looked up. */
export const MONITOR_LOOKUP: Lookup = { path: '/monitors', idPrefix: 'mon_', noun: 'monitor', flag: '<monitor>' };

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30s`, `1m`, `2h`, `1d`, `500ms`, or a bare number of seconds → milliseconds. */
export function durationMs(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i.exec(raw.trim());
  if (!m) throw new InvalidArgumentError('Use seconds or a number with a unit, e.g. 30s, 1m, 2h or 500ms.');
  return Math.round(Number(m[1]) * (UNIT_MS[(m[2] ?? 's').toLowerCase()] ?? 1000));
}

/** A duration in whole seconds (intervals, heartbeat periods). */
export function wholeSeconds(raw: string): number {
  const ms = durationMs(raw);
  if (ms % 1000 !== 0) throw new InvalidArgumentError('Use whole seconds, e.g. 30s, 1m or 1h.');
  return ms / 1000;
}

/** `Name: value` → [name, value]. */
export function headerArg(raw: string, previous: [string, string][] = []): [string, string][] {
  const at = raw.indexOf(':');
  if (at < 1) throw new InvalidArgumentError('Write a header as "Name: value".');
  return [...previous, [raw.slice(0, at).trim(), raw.slice(at + 1).trim()]];
}

/** Which flag (or argument) of `monitor add` carries each field the API may name. */
const FLAG_OF: Record<string, string> = {
  type: '--type',
  name: '--name',
  interval_s: '--interval',
  timeout_ms: '--timeout',
  service_id: '--service',
  severity: '--severity',
  locations: '--location',
  'confirmation.failures_to_down': '--failures-to-down',
  'confirmation.locations_to_alert': '--locations-to-alert',
  'confirmation.recheck_s': '--recheck',
  'target.url': 'URL',
  'target.method': '--method',
  'target.headers': '--header',
  'target.expected_status': '--expect-status',
  'target.assertions': '--contains',
  'target.host': '--host',
  'target.port': '--port',
  'target.name': 'NAME',
  'target.record_type': '--record-type',
  'target.period_s': '--period',
  'target.grace_s': '--grace',
};

/**
 * An API validation problem as one line naming the flag, exit 2 (the value was wrong, as a
 * wrong flag is); anything else as it came.
 */
export function asUsageError(err: unknown): unknown {
  if (!(err instanceof ApiProblem) || err.status !== 400 || !err.field) return err;
  const field = err.field.replace(/\[\d+\]$/, '');
  const flag = FLAG_OF[field] ?? field;
  // Some details start with the field's own name ("locations: there is no ..."): said once.
  const detail = err.detail.replace(new RegExp(`^${err.field.replace(/[.[\]]/g, '\\$&')}:\\s*`), '') || err.message;
  return new CliError(`${flag}: ${detail}`, EXIT_USAGE);
}

/** `option '<monitor>': no monitor matches "x"` reads better without the option words. */
export function asMonitorRefError(err: unknown): unknown {
  if (err instanceof CliError && err.message.startsWith(`option '${MONITOR_LOOKUP.flag}': `)) {
    return new CliError(err.message.slice(`option '${MONITOR_LOOKUP.flag}': `.length), err.exitCode);
  }
  return err;
}

/** `host:port` (or `[v6]:port`) as given to tcp and tls monitors. */
export function hostPort(raw: string): { host: string; port?: number } {
  const m = /^\[?([^\]]+?)\]?(?::(\d{1,5}))?$/.exec(raw.trim());
  if (!m || (raw.split(':').length > 2 && !raw.startsWith('['))) return { host: raw.trim() };
  return { host: m[1]!, ...(m[2] ? { port: Number(m[2]) } : {}) };
}
