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
    // 'SEV-1' < 'SEV-2' as plain strings; localeCompare would build a collator per comparison.
    if (a.severity !== b.severity) return a.severity < b.severity ? -1 : 1;
    const st = STATUS_RANK[a.status] - STATUS_RANK[b.status];
    if (st) return st;
  }
  return Date.parse(b.detected_at) - Date.parse(a.detected_at);
}

/**
 * The loaded pages as one list, each incident once (a page refetched after a change may repeat
 * one). The open view puts what is on fire first; the others keep the API's order, newest first,
 * so an older page lands below what is already on screen.
 */
export function listOrder(pages: readonly { items: readonly Incident[] }[], urgentFirst: boolean): Incident[] {
  const seen = new Set<string>();
  const items = pages.flatMap((p) => p.items).filter((i) => !seen.has(i.id) && !!seen.add(i.id));
  return urgentFirst ? items.sort(byUrgency) : items;
}
