import type { Incident, IncidentStatus } from './types';

// The server decides what the caller may do to an incident now (role and lifecycle) and lists it
// as `allowed_actions`; the web app offers exactly that and derives nothing itself.

export type IncidentAction = Incident['allowed_actions'][number];
export type LifecycleAction = Extract<IncidentAction, 'acknowledge' | 'mitigate' | 'resolve' | 'close' | 'reopen'>;

/** The order the lifecycle buttons appear in: the usual next step first. */
const LIFECYCLE_ORDER: LifecycleAction[] = ['acknowledge', 'mitigate', 'resolve', 'close', 'reopen'];

/** May the caller take `action` on this incident now? */
export const allows = (incident: Pick<Incident, 'allowed_actions'>, action: IncidentAction): boolean => incident.allowed_actions.includes(action);

/** The lifecycle steps the server allows, in button order. */
export function lifecycleActions(allowed: readonly IncidentAction[]): LifecycleAction[] {
  return LIFECYCLE_ORDER.filter((a) => allowed.includes(a));
}

export const ACTION_LABEL: Record<LifecycleAction, string> = {
  acknowledge: 'Acknowledge',
  mitigate: 'Mitigate',
  resolve: 'Resolve',
  close: 'Close',
  reopen: 'Reopen',
};

/** Steps that ask first: resolve stops the clock (and asks for a summary), close is final. */
export const CONFIRMED_ACTIONS: ReadonlySet<LifecycleAction> = new Set(['resolve', 'close']);

/** Still burning (for list order and the open count; not for what may be done). */
export function isOpen(status: IncidentStatus): boolean {
  return status === 'triggered' || status === 'acknowledged' || status === 'mitigated';
}
