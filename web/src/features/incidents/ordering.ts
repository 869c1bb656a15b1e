import { isOpen } from './lifecycle';
import type { Incident } from './types';

const STATUS_RANK = { triggered: 0, acknowledged: 1, mitigated: 2, resolved: 3, closed: 4 } as const;

/**
 * What is on fire first: open before finished, then the worst severity, then nobody-on-it
 * (triggered) before acknowledged before mitigated, then the newest.
 */
export function byUrgency(a: Incident, b: Incident): number {
  const open = Number(isOpen(b.status)) - Number(isOpen(a.status));
  if (open) return open;
  if (isOpen(a.status)) {
    const sev = a.severity.localeCompare(b.severity);
    if (sev) return sev;
    const st = STATUS_RANK[a.status] - STATUS_RANK[b.status];
    if (st) return st;
  }
  return Date.parse(b.detected_at) - Date.parse(a.detected_at);
}
