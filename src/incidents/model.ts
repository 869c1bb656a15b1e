import { toIso } from '../core/clock.js';
import { roleAtLeast, type Role } from '../core/context.js';
import type { Static } from 'typebox';
import type * as S from './schemas.js';
import type { IncidentsTable, TimelineEventsTable } from './tables.js';

// Incident rules and JSON shaping: pure functions, no I/O, `now` comes in as an argument.

export type Severity = 'SEV-1' | 'SEV-2' | 'SEV-3' | 'SEV-4';
export type IncidentStatus = 'triggered' | 'acknowledged' | 'mitigated' | 'resolved' | 'closed';
export type DetectionSource = 'monitor' | 'integration' | 'customer' | 'internal';
export type IncidentRole = 'commander' | 'technical_lead' | 'communications_lead';
/** What a caller may do to an incident; the API lists them per incident as `allowed_actions`. */
export type IncidentAction = Transition | 'change_severity' | 'assign_role' | 'add_note' | 'edit';
export const SEVERITIES: readonly Severity[] = ['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4'];
export const STATUSES: readonly IncidentStatus[] = ['triggered', 'acknowledged', 'mitigated', 'resolved', 'closed'];
/** Still someone's problem: not yet resolved. */
export const OPEN_STATUSES: readonly IncidentStatus[] = ['triggered', 'acknowledged', 'mitigated'];
export const isOpenStatus = (status: string): boolean => (OPEN_STATUSES as readonly string[]).includes(status);
export const DETECTION_SOURCES: readonly DetectionSource[] = ['monitor', 'integration', 'customer', 'internal'];
export const INCIDENT_ROLES: readonly IncidentRole[] = ['commander', 'technical_lead', 'communications_lead'];
/** Roles only one person holds at a time; assigning someone else is a handover. */
export const SINGLE_HOLDER_ROLES: readonly IncidentRole[] = ['commander', 'communications_lead'];

export type IncidentRow = IncidentsTable;
export type Transition = 'acknowledge' | 'mitigate' | 'resolve' | 'close' | 'reopen';
export const TRANSITIONS: readonly Transition[] = ['acknowledge', 'mitigate', 'resolve', 'close', 'reopen'];
export const INCIDENT_ACTIONS: readonly IncidentAction[] = [...TRANSITIONS, 'change_severity', 'assign_role', 'add_note', 'edit'];

/** The lifecycle-relevant part of an incident. */
export interface LifecycleState {
  status: IncidentStatus;
  acknowledged_at: number | null;
  /** The person who acknowledged first, kept like acknowledged_at; null when a sender did. */
  acknowledged_by: string | null;
  mitigated_at: number | null;
  resolved_at: number | null;
  closed_at: number | null;
}

export type TransitionResult =
  | { ok: true; next: LifecycleState; event: 'acknowledged' | 'mitigated' | 'resolved' | 'closed' | 'reopened' }
  | { ok: false; reason: string };

const FORWARD: Record<Exclude<Transition, 'reopen'>, { to: IncidentStatus; stamp: keyof LifecycleState }> = {
  acknowledge: { to: 'acknowledged', stamp: 'acknowledged_at' },
  mitigate: { to: 'mitigated', stamp: 'mitigated_at' },
  resolve: { to: 'resolved', stamp: 'resolved_at' },
  close: { to: 'closed', stamp: 'closed_at' },
};

const rank = (s: IncidentStatus): number => STATUSES.indexOf(s);

/**
 * The lifecycle: triggered → acknowledged → mitigated → resolved → closed. A step may be
 * skipped forward; repeating a step or going back is refused. `reopen` takes a resolved
 * incident back to triggered, keeping the first acknowledged_at (for MTTA; acknowledging
 * again does not move it, nor who it was) and clearing mitigated_at/resolved_at. Closed is final. Closing an incident that was never resolved
 * resolves it at the same moment, so a closed incident always has a resolution time. `by`: the
 * person acting (null for a sender or the system), recorded with the first acknowledgement.
 */
export function applyTransition(state: LifecycleState, action: Transition, now: number, by: string | null = null): TransitionResult {
  if (state.status === 'closed') return { ok: false, reason: 'The incident is closed; closed is final' };
  if (action === 'reopen') {
    if (state.status !== 'resolved') {
      return { ok: false, reason: `Only a resolved incident can be reopened; this one is ${state.status}` };
    }
    return { ok: true, event: 'reopened', next: { ...state, status: 'triggered', mitigated_at: null, resolved_at: null } };
  }
  const step = FORWARD[action];
  if (rank(state.status) >= rank(step.to)) {
    const how = state.status === step.to ? 'already' : 'already past that:';
    return { ok: false, reason: `Cannot ${action}: the incident is ${how} ${state.status}` };
  }
  const next: LifecycleState = { ...state, status: step.to, [step.stamp]: now };
  // The first acknowledgement is the one MTTA measures; a reopened incident keeps it.
  if (action === 'acknowledge') {
    if (state.acknowledged_at !== null) next.acknowledged_at = state.acknowledged_at;
    else next.acknowledged_by = by;
  }
  if (action === 'close' && next.resolved_at === null) next.resolved_at = now;
  return { ok: true, event: step.to as 'acknowledged' | 'mitigated' | 'resolved' | 'closed', next };
}

export interface RoleHolder {
  role: IncidentRole;
  user_id: string;
  name: string;
}

const ROLE_PRECEDENCE: readonly IncidentRole[] = ['commander', 'communications_lead', 'technical_lead'];

/** The role a user holds in an incident (the most senior if several), or null. */
export function roleOf(holders: readonly RoleHolder[], userId: string | null): IncidentRole | null {
  if (userId === null) return null;
  for (const role of ROLE_PRECEDENCE) {
    if (holders.some((h) => h.role === role && h.user_id === userId)) return role;
  }
  return null;
}

export type RoleChange =
  | { ok: true; previous: RoleHolder | null }
  | { ok: false; reason: string };

/** Whether `userId` may take `role`; for single-holder roles the current holder is handed over from. */
export function planAssignment(holders: readonly RoleHolder[], role: IncidentRole, userId: string): RoleChange {
  if (holders.some((h) => h.role === role && h.user_id === userId)) {
    return { ok: false, reason: `That user is already ${role} of this incident` };
  }
  const previous = SINGLE_HOLDER_ROLES.includes(role) ? (holders.find((h) => h.role === role) ?? null) : null;
  return { ok: true, previous };
}

export type Impact = IncidentJson['impact'];

/** An incident as the API shows it (the schema is the one definition). */
export type IncidentJson = Static<typeof S.Incident>;

const person = (h: RoleHolder) => ({ id: h.user_id, name: h.name });

export function toIncidentJson(
  row: IncidentRow,
  services: readonly { id: string; name: string }[],
  holders: readonly RoleHolder[],
  allowed: readonly IncidentAction[],
  acknowledger: { id: string; name: string } | null = null,
): IncidentJson {
  const one = (role: IncidentRole) => {
    const h = holders.find((x) => x.role === role);
    return h ? person(h) : null;
  };
  return {
    id: row.id,
    number: Number(row.number),
    title: row.title,
    severity: row.severity,
    status: row.status,
    detection_source: row.detection_source,
    drill: Boolean(row.drill),
    services: [...services].sort((a, b) => a.name.localeCompare(b.name)).map((s) => ({ id: s.id, name: s.name })),
    impact: {
      users_affected: row.users_affected === null ? null : Number(row.users_affected),
      functionality_broken: row.functionality_broken,
      data_at_risk: Boolean(row.data_at_risk),
    },
    hypothesis: row.hypothesis,
    root_cause_category: row.root_cause_category,
    started_at: toIso(row.started_at)!,
    detected_at: toIso(row.detected_at)!,
    acknowledged_at: toIso(row.acknowledged_at),
    acknowledged_by: acknowledger,
    mitigated_at: toIso(row.mitigated_at),
    resolved_at: toIso(row.resolved_at),
    closed_at: toIso(row.closed_at),
    roles: {
      commander: one('commander'),
      technical_leads: holders.filter((h) => h.role === 'technical_lead').map(person),
      communications_lead: one('communications_lead'),
    },
    created_at: toIso(row.created_at)!,
    updated_at: toIso(row.updated_at)!,
    allowed_actions: [...allowed],
  };
}

/**
 * What `role` may do to an incident in `state` now: responders and above work incidents
 * (lifecycle steps the lifecycle allows; severity, roles and details until closed; notes always);
 * viewers only look. The web app and CLI offer exactly this list.
 */
export function allowedActions(state: LifecycleState, role: Role): IncidentAction[] {
  if (!roleAtLeast(role, 'responder')) return [];
  const steps = TRANSITIONS.filter((t) => applyTransition(state, t, 0).ok);
  // Closed is final (the post-mortem is done): only notes may still be added.
  if (state.status === 'closed') return ['add_note'];
  return [...steps, 'change_severity', 'assign_role', 'add_note', 'edit'];
}

export type TimelineEventJson = Static<typeof S.TimelineEvent>;

/**
 * The most timeline events one read answers. A storm grouped into one incident writes a line per
 * alert: tens of thousands, megabytes of JSON, were one answer before (and the web app asked for
 * it again on every change). Clients read on with `after`.
 */
export const TIMELINE_PAGE_MAX = 5_000;

export function toTimelineJson(row: TimelineEventsTable): TimelineEventJson {
  return {
    id: row.id,
    incident_id: row.incident_id,
    seq: row.seq,
    at: toIso(row.at)!,
    kind: row.kind,
    actor: { kind: row.actor_kind, id: row.actor_id, name: row.actor_name },
    actor_role: row.actor_role,
    data: JSON.parse(row.data) as Record<string, unknown>,
  } as TimelineEventJson; // the row's kind and data were written together by one append
}

/** Cursors are opaque to clients: the last number of the page, base64url-encoded. */
export const encodeCursor = (lastNumber: number): string => Buffer.from(`n:${lastNumber}`).toString('base64url');

export function decodeCursor(cursor: string): number | null {
  const m = /^n:(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m && Number.isSafeInteger(Number(m[1])) ? Number(m[1]) : null;
}
