import { InvalidArgumentError, type Command } from 'commander';
import type { ApiResponse } from '../http/api-types.js';
import { withApi, type ApiOptions } from '../cli/api-client.js';
import { withJson, type JsonOption } from '../cli/common.js';

// Values the incident commands take, checked before anything is sent.

type Incident = ApiResponse<'/api/v1/incidents/{id}', 'get'>;
export type Severity = Incident['severity'];
export type DetectionSource = Incident['detection_source'];

export const SEVERITIES = ['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4'] as const satisfies readonly Severity[];
export const STATUSES = ['triggered', 'acknowledged', 'mitigated', 'resolved', 'closed'] as const satisfies readonly Incident['status'][];
export const SOURCES = ['monitor', 'integration', 'customer', 'internal'] as const satisfies readonly DetectionSource[];

export type Opts = JsonOption & ApiOptions;

/** `SEV-2`, `sev-2` or `2` → `SEV-2`. */
export function severityArg(raw: string): Severity {
  const m = /^(?:sev-?)?([1-4])$/i.exec(raw.trim());
  if (!m) throw new InvalidArgumentError('Use SEV-1 (critical), SEV-2 (major), SEV-3 (minor) or SEV-4 (low).');
  return `SEV-${m[1] as '1' | '2' | '3' | '4'}`;
}

/** An incident number (`42` or `#42`) or id, as the API's `:id` takes it. */
export function incidentRef(raw: string): string {
  const ref = raw.trim().replace(/^#(?=\d+$)/, '');
  if (!ref) throw new InvalidArgumentError('Give the incident number (e.g. 42) or id.');
  return encodeURIComponent(ref);
}

export function isoArg(raw: string): string {
  const t = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(t.getTime())) {
    throw new InvalidArgumentError('Use an RFC 3339 time, e.g. 2026-01-05T09:00:00Z.');
  }
  return t.toISOString();
}

/** Adds --json, --url and --token: every API command takes them. */
export const apiCommand = (cmd: Command): Command => withApi(withJson(cmd));
