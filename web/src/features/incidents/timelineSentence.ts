import { ROLE_LABEL } from './presentation';
import { resolvedWhat, revisedWhat } from './timelineFolds';
import type { TimelineEvent } from './types';

const role = (r: string): string => ROLE_LABEL[r] ?? r.replace(/_/g, ' ');
const field = (f: string): string => f.replace(/_/g, ' ');

/** "Ada (commander)": who did it and the incident role they held at the time. */
export function actorLabel(e: TimelineEvent): string {
  const name = e.actor.name || (e.actor.kind === 'system' ? 'Tocsin' : 'Someone');
  return e.actor_role ? `${name} (${role(e.actor_role)})` : name;
}

const withNote = (s: string, note: string | undefined) => (note ? `${s}: ${note}` : s);

interface Seen {
  location: string;
  status: string | null;
  latency_ms: number | null;
  message: string | null;
}

/** What each location saw last: "(server: no answer within 5000 ms; eu-west: up, 42 ms)". */
function seen(results: Seen[] | undefined): string {
  if (!results?.length) return '';
  const parts = results.map((r) => `${r.location}: ${r.message ?? `${r.status ?? 'no result'}${r.latency_ms !== null ? `, ${r.latency_ms} ms` : ''}`}`);
  return ` (${parts.join('; ')})`;
}

/**
 * One readable sentence per timeline event, e.g.
 * "Ada (commander) changed severity SEV-3 → SEV-1: customers report checkout failing".
 * `kind` narrows `data`; a new kind on the server fails the type check here until it has a sentence.
 */
export function timelineSentence(e: TimelineEvent): string {
  const who = actorLabel(e);
  switch (e.kind) {
    case 'declared':
      return `${who} declared the incident as ${e.data.severity}${e.data.drill ? ' (drill)' : ''}`;
    case 'acknowledged':
      return withNote(`${who} acknowledged the incident`, e.data.note);
    case 'mitigated':
      return withNote(`${who} mitigated the impact`, e.data.note);
    case 'resolved':
      return withNote(`${who} resolved the incident`, e.data.note);
    case 'closed':
      return withNote(`${who} closed the incident`, e.data.note);
    case 'reopened':
      return withNote(`${who} reopened the incident`, e.data.note);
    case 'severity_changed':
      return `${who} changed severity ${e.data.from} → ${e.data.to}: ${e.data.reason}`;
    case 'role_assigned': {
      const { user, previous } = e.data;
      const r = role(e.data.role);
      if (previous) return `${who} handed the ${r} role from ${previous.name} to ${user.name}`;
      if (user.id === e.actor.id) return `${who} took the ${r} role`;
      return `${who} assigned ${user.name} as ${r}`;
    }
    case 'role_released':
      return `${who} released ${e.data.user.name} from ${role(e.data.role)}`;
    case 'updated':
      return `${who} updated ${e.data.fields.length ? e.data.fields.map(field).join(', ') : 'the details'}`;
    case 'note':
      return `${who} noted: ${e.data.text}`;
    case 'alert_opened':
      return `Alert ${e.data.joined ? 'joined this incident' : 'opened'}: ${e.data.summary}${seen(e.data.results)}`;
    case 'alert_acknowledged':
      return `Alert acknowledged by its sender: ${e.data.summary}`;
    case 'alert_revised':
      return `Alert revised by its sender: ${revisedWhat(e.data)}`;
    case 'alert_resolved':
      return `Alert resolved: ${resolvedWhat(e.data)}${e.data.events && e.data.events > 1 ? ` (${e.data.events} events, repeats included)` : ''}${seen(e.data.results)}`;
    case 'paged':
      return pagedSentence(who, e.data);
    case 'escalation_gap':
      return `Tier ${e.data.tier} reached nobody (${e.data.gaps.map((g) => `${g.name ?? g.kind}: ${g.gap}`).join('; ') || 'no targets'}); the team was told and escalation moved on`;
    case 'page_failed':
      return `The ${e.data.channel} page to ${e.data.user.name} failed: ${e.data.error}${e.data.fallback ? `; trying ${e.data.fallback}` : '; no other way to reach them'}`;
    case 'not_paged':
      return `Nobody was paged: ${e.data.reason}`;
    case 'paging_deferred':
      return `Low urgency: paging waits for business hours (${new Date(e.data.until).toUTCString()})`;
    case 'escalation_snoozed':
      return `${who} snoozed paging for ${e.data.minutes} min`;
    default:
      return unknownKind(e);
  }
}

const WHY: Record<string, string> = { escalation: '', manual: '', ack_timeout: ' again (not resolved within the acknowledgement timeout)', snooze_over: ' again (snooze over)', reopened: ' again (reopened)' };

function pagedSentence(who: string, d: { reason: string; tier?: number; urgency: string; people: { name: string }[]; unreachable: { name: string }[]; note?: string }): string {
  const names = d.people.map((p) => p.name).join(', ');
  const head = d.reason === 'reassigned' ? `${who} reassigned the incident to ${names}` : d.reason === 'manual' ? `${who} paged ${names}` : `Paged ${names}${d.tier ? ` (tier ${d.tier})` : ''}${WHY[d.reason] ?? ''}`;
  const cannot = d.unreachable.length ? `; cannot reach ${d.unreachable.map((p) => p.name).join(', ')}` : '';
  return withNote(`${head}${d.urgency === 'low' ? ', low urgency' : ''}${cannot}`, d.note);
}

/** Exhaustiveness: every kind above has its sentence; this only compiles when none is left. */
function unknownKind(e: never): string {
  const kind = (e as { kind?: unknown }).kind;
  return `Something happened (${String(kind)})`;
}
