import type { ApiResponse } from '../http/api-types.js';
import { bold, dim, fields, localTime, severity, table, text, truncate } from '../cli/output.js';
import type { PagedLine } from '../paging/paged-line.js';
import { foldRuns, resolvedWhat, revisedWhat, runLabel, runSentence } from './timeline-folds.js';

// How incidents read in a terminal. The shapes are the API's, generated from its OpenAPI document.

export type Incident = ApiResponse<'/api/v1/incidents/{id}', 'get'>;
export type IncidentPage = ApiResponse<'/api/v1/incidents', 'get'>;
/** The whole timeline, oldest first (not paged). */
export type Timeline = ApiResponse<'/api/v1/incidents/{id}/timeline', 'get'>;
export type TimelineEvent = Timeline['items'][number];
type Ref = Incident['services'][number];

const refName = (r: Ref | null): string => (r ? r.name || r.id : '-');
const refList = (rs: Ref[]): string => (rs.length ? rs.map(refName).join(', ') : '-');

/** `#42 SEV-2 major acknowledged: Checkout returns 502`, the line that names an incident. */
export function headline(i: Incident): string {
  return `${bold(`#${i.number}`)} ${severity(i.severity)} ${i.status}${i.drill ? ' (drill)' : ''}: ${i.title}`;
}

function impactText(impact: Incident['impact']): string {
  const parts = Object.entries(impact)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${text(v)}`);
  return parts.length ? parts.join('; ') : '-';
}

export function incidentDetail(i: Incident): string {
  return [
    headline(i),
    fields([
      ['id', i.id],
      ['services', refList(i.services)],
      ['source', text(i.detection_source)],
      ['commander', refName(i.roles.commander)],
      ['technical leads', refList(i.roles.technical_leads)],
      ['comms lead', refName(i.roles.communications_lead)],
      ['impact', impactText(i.impact)],
      ['hypothesis', text(i.hypothesis)],
      ['root cause', text(i.root_cause_category)],
      ['started', localTime(i.started_at)],
      ['detected', localTime(i.detected_at)],
      ['acknowledged', i.acknowledged_by ? `${localTime(i.acknowledged_at)} by ${i.acknowledged_by.name}` : localTime(i.acknowledged_at)],
      ['mitigated', localTime(i.mitigated_at)],
      ['resolved', localTime(i.resolved_at)],
      ['closed', localTime(i.closed_at)],
      ['you can', nextSteps(i)],
    ]),
  ].join('\n');
}

/** What cannot reach anyone stands out; the rest reads plainly. */
const pagedCell = (line: PagedLine | null | undefined): string => (!line ? '-' : line.tone === 'unreachable' || line.tone === 'nobody' ? bold(`! ${line.text}`) : line.text);

/** The incidents, one a row; with `paged` (by incident id, open ones), who is paged on each. */
export function incidentTable(page: IncidentPage, paged?: ReadonlyMap<string, PagedLine | null>): string {
  if (!page.items.length) return 'No incidents match.';
  const rows = page.items.map((i) => [
    `#${i.number}`,
    severity(i.severity),
    i.status + (i.drill ? ' (drill)' : ''),
    truncate(i.title, 60),
    localTime(i.detected_at),
    truncate(refList(i.services), 30),
    ...(paged ? [truncate(pagedCell(paged.get(i.id)), 40)] : []),
  ]);
  const more = page.next_cursor ? `\n${dim(`More: add --cursor ${page.next_cursor}`)}` : '';
  return table(['#', 'severity', 'status', 'title', 'detected', 'services', ...(paged ? ['paging'] : [])], rows) + more;
}

const withNote = (text: string, note: string | undefined): string => (note ? `${text}: ${note}` : text);
const role = (r: string) => r.replace(/_/g, ' ');

/** A timeline event's kind and data, kept paired (the API types `data` by `kind`). */
type Body<E> = E extends { kind: infer K; data: infer D } ? { kind: K; data: D } : never;
export type EventBody = Body<TimelineEvent>;

/** One phrase for what an event did. */
export function eventSummary(e: EventBody): string {
  switch (e.kind) {
    case 'declared':
      return `${e.data.severity} "${e.data.title}" from ${e.data.detection_source}${e.data.drill ? ' (drill)' : ''}`;
    case 'note':
      return e.data.text;
    case 'severity_changed':
      return withNote(`${e.data.from} → ${e.data.to}`, e.data.reason);
    case 'role_assigned':
      return `${role(e.data.role)} ${e.data.user.name}${e.data.previous ? ` (was ${e.data.previous.name})` : ''}`;
    case 'role_released':
      return `${role(e.data.role)} ${e.data.user.name}`;
    case 'updated':
      return e.data.fields.map(role).join(', ');
    case 'alert_opened':
    case 'alert_acknowledged':
    case 'alert_resolved':
      return resolvedWhat(e.data) + (e.data.results?.length ? ` (${e.data.results.map((r) => `${r.location}: ${r.message ?? r.status ?? '?'}`).join('; ')})` : '');
    case 'alert_revised':
      return revisedWhat(e.data);
    case 'paged':
      return `${e.data.people.map((p) => p.name).join(', ')}${e.data.tier ? ` (tier ${e.data.tier})` : ''} ${e.data.reason}${e.data.unreachable.length ? `; cannot reach ${e.data.unreachable.map((p) => p.name).join(', ')}` : ''}`;
    case 'escalation_gap':
      return `tier ${e.data.tier} reached nobody: ${e.data.gaps.map((g) => g.gap).join('; ')}`;
    case 'page_failed':
      return `${e.data.channel} to ${e.data.user.name}: ${e.data.error}${e.data.fallback ? ` (trying ${e.data.fallback})` : ''}`;
    case 'not_paged':
      return e.data.reason;
    case 'paging_deferred':
      return `until ${e.data.until} (${e.data.urgency} urgency)`;
    case 'escalation_snoozed':
      return `${e.data.minutes} min, until ${e.data.until}`;
    default:
      return withNote(`${e.data.from} → ${e.data.to}${e.data.via ? ` via ${e.data.via}` : ''}`, e.data.note);
  }
}

/** What the caller may do next, as the commands that do it (from the API's allowed_actions). */
export function nextSteps(i: Incident): string {
  const verbs: Record<string, string> = { acknowledge: 'ack', mitigate: 'mitigate', resolve: 'resolve', close: 'close', reopen: 'reopen', change_severity: 'severity', assign_role: 'assign', add_note: 'note' };
  const cmds = i.allowed_actions.map((a) => verbs[a]).filter((v): v is string => v !== undefined);
  return cmds.length ? cmds.join(', ') : 'nothing (read-only)';
}

/** Who holds `role` now, e.g. `technical lead: Grace, Linus`. */
export function roleHolders(i: Incident, role: string): string {
  const r = i.roles;
  const who = role === 'commander' ? refName(r.commander) : role === 'communications_lead' ? refName(r.communications_lead) : refList(r.technical_leads);
  return `${role === 'technical_lead' ? 'technical leads' : role.replace(/_/g, ' ')}: ${who}`;
}

const byWhom = (e: TimelineEvent): string => {
  const who = e.actor.name || e.actor.kind;
  return e.actor_role ? `${who} (${e.actor_role.replace(/_/g, ' ')})` : who;
};

/**
 * The timeline, one row per event; with `fold`, a run of alerts joining or resolving is one row
 * ("340 alerts joined this incident: …"), as on the incident page.
 */
export function timelineTable(events: readonly TimelineEvent[], o: { fold?: boolean } = {}): string {
  if (!events.length) return 'No timeline events.';
  const rows = (o.fold ? foldRuns(events) : events.map((one) => ({ one }))).map((line) => {
    if ('one' in line) return [localTime(line.one.at), line.one.kind.replace(/_/g, ' '), byWhom(line.one), eventSummary(line.one)];
    const first = line.run[0]!;
    return [localTime(first.at), runLabel(line.run), byWhom(first), runSentence(line.run)];
  });
  return table(['at', 'event', 'by', 'details'], rows);
}
