import type { IncidentStatus } from './types';

export type LifecycleAction = 'acknowledge' | 'mitigate' | 'resolve' | 'close' | 'reopen';

const ORDER: IncidentStatus[] = ['triggered', 'acknowledged', 'mitigated', 'resolved', 'closed'];
const TARGET: Record<Exclude<LifecycleAction, 'reopen'>, IncidentStatus> = {
  acknowledge: 'acknowledged',
  mitigate: 'mitigated',
  resolve: 'resolved',
  close: 'closed',
};

/**
 * The lifecycle buttons that make sense now (docs/api.md): forward steps may skip ahead up to
 * resolved; close (post-mortem done) only from resolved; reopen takes resolved back to triggered.
 */
export function legalActions(status: IncidentStatus): LifecycleAction[] {
  if (status === 'closed') return [];
  if (status === 'resolved') return ['close', 'reopen'];
  const at = ORDER.indexOf(status);
  return (['acknowledge', 'mitigate', 'resolve'] as const).filter((a) => ORDER.indexOf(TARGET[a]) > at);
}

export const ACTION_LABEL: Record<LifecycleAction, string> = {
  acknowledge: 'Acknowledge',
  mitigate: 'Mitigate',
  resolve: 'Resolve',
  close: 'Close',
  reopen: 'Reopen',
};

export function isOpen(status: IncidentStatus): boolean {
  return status === 'triggered' || status === 'acknowledged' || status === 'mitigated';
}
