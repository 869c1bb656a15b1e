import { ROLE_LABEL } from './presentation';
import type { TimelineEvent } from './types';

type Data = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The first of several field names the server might use, as text. */
function pick(d: Data, ...keys: string[]): string | null {
  for (const k of keys) {
    const v = d[k];
    if (str(v)) return v as string;
    if (v && typeof v === 'object' && str((v as Data).name)) return (v as Data).name as string;
  }
  return null;
}

function role(r: string | null): string {
  return r ? (ROLE_LABEL[r] ?? r.replace(/_/g, ' ')) : 'a role';
}

/** "Ada (commander)": who did it and the incident role they held at the time. */
export function actorLabel(e: TimelineEvent): string {
  const name = e.actor.name || (e.actor.kind === 'system' ? 'Tocsin' : 'Someone');
  return e.actor_role ? `${name} (${role(e.actor_role)})` : name;
}

const LIFECYCLE: Record<string, string> = {
  acknowledged: 'acknowledged the incident',
  mitigated: 'mitigated the impact',
  resolved: 'resolved the incident',
  closed: 'closed the incident',
  reopened: 'reopened the incident',
};

const withNote = (s: string, d: Data) => {
  const note = pick(d, 'note', 'reason');
  return note ? `${s}: ${note}` : s;
};

function changedFields(d: Data): string {
  const f = d.fields ?? d.changed ?? (d.changes && typeof d.changes === 'object' ? Object.keys(d.changes) : null);
  if (Array.isArray(f) && f.length) return f.map((x) => String(x).replace(/_/g, ' ')).join(', ');
  const keys = Object.keys(d).filter((k) => k !== 'note');
  return keys.length ? keys.map((k) => k.replace(/_/g, ' ')).join(', ') : 'the details';
}

/**
 * One readable sentence per timeline event, e.g.
 * "Ada (commander) changed severity SEV-3 → SEV-1: customers report checkout failing".
 */
export function timelineSentence(e: TimelineEvent): string {
  const who = actorLabel(e);
  const d: Data = e.data;
  switch (e.kind) {
    case 'declared': {
      const sev = pick(d, 'severity');
      return `${who} declared the incident${sev ? ` as ${sev}` : ''}`;
    }
    case 'acknowledged':
    case 'mitigated':
    case 'resolved':
    case 'closed':
    case 'reopened':
      return withNote(`${who} ${LIFECYCLE[e.kind]}`, d);
    case 'severity_changed': {
      const from = pick(d, 'from', 'previous', 'old_severity', 'from_severity');
      const to = pick(d, 'to', 'severity', 'new_severity', 'to_severity');
      const change = from ? `${from} → ${to ?? '?'}` : `to ${to ?? '?'}`;
      const reason = pick(d, 'reason');
      return `${who} changed severity ${change}${reason ? `: ${reason}` : ''}`;
    }
    case 'role_assigned': {
      const r = role(pick(d, 'role'));
      const user = pick(d, 'user_name', 'user', 'name', 'assignee');
      const prev = pick(d, 'previous_user_name', 'previous', 'replaced');
      if (user && user === e.actor.name && !prev) return `${who} took the ${r} role`;
      return `${who} ${prev ? `handed the ${r} role from ${prev} to` : 'assigned'} ${user ?? 'someone'}${prev ? '' : ` as ${r}`}`;
    }
    case 'role_released': {
      const user = pick(d, 'user_name', 'user', 'name');
      return `${who} released ${user ?? 'someone'} from ${role(pick(d, 'role'))}`;
    }
    case 'note':
      return `${who} noted: ${pick(d, 'text', 'note') ?? ''}`;
    case 'updated':
      return `${who} updated ${changedFields(d)}`;
    default:
      return `${who}: ${e.kind.replace(/_/g, ' ')}`;
  }
}
