// The uptime checkers: one entry point that runs any active monitor's check.
import type { ActiveSpec, CheckOutcome } from '../model.js';
import { checkDns } from './dns.js';
import { checkHttp } from './http.js';
import { downOutcome, type CheckOptions } from './outcome.js';
import { checkTcp } from './tcp.js';
import { checkTls } from './tls.js';

export type { CheckOptions } from './outcome.js';
export { BODY_LIMIT_BYTES, MAX_REDIRECTS, USER_AGENT } from './http.js';

/** Sent with every HTTP check: which location checked, so a target (or a test) can tell. */
export const LOCATION_HEADER = 'X-Tocsin-Location';

/** Runs one check. Never throws; every failure (timeouts included) is a down or degraded outcome. */
export function runCheck(spec: ActiveSpec, opts: CheckOptions): Promise<CheckOutcome> {
  try {
    switch (spec.type) {
      case 'http':
        return checkHttp(spec, opts);
      case 'tcp':
        return checkTcp(spec, opts);
      case 'dns':
        return checkDns(spec, opts);
      case 'tls':
        return checkTls(spec, opts);
      default:
        return Promise.resolve(downOutcome('error', `no checker for ${(spec as { type?: unknown }).type} monitors`, 0));
    }
  } catch (err) {
    // Only a malformed spec gets here (the checkers catch their own failures).
    return Promise.resolve(downOutcome('error', err instanceof Error ? err.message : String(err), 0));
  }
}
