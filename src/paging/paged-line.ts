// Who is paged on an incident, in one line: the incident list's rows in the web app and the
// CLI's `incident list` say it alike. Pure, with no imports: the web bundle takes it as it is.

/** The parts of the paging API's answer (GET /pages, incidents/{id}/pages) this reads. */
export interface PagingGlance {
  escalations: readonly { state: string }[];
  pages: readonly {
    user: { id: string; name: string };
    created_at: string;
    acknowledged_at: string | null;
    notifications: readonly { delivery: string }[];
  }[];
}

/** What the incident list says about an incident's paging: see whoIsPaged. */
export interface PagedLine {
  /**
   * paging: waiting for an answer; unreachable: someone paged cannot be reached (or every try
   * failed); nobody: an untouched incident that paged no one; answered: acknowledged; later:
   * waits for business hours.
   */
  tone: 'paging' | 'unreachable' | 'nobody' | 'answered' | 'later';
  text: string;
}

/** Up to two names, then "+N": a row has room for a glance, the incident page has the rest. */
function names(people: readonly string[]): string {
  return people.length <= 2 ? people.join(', ') : `${people.slice(0, 2).join(', ')} +${people.length - 2}`;
}

/** The parts of an incident this reads. */
export interface IncidentGlance {
  status: string;
  severity: string;
  /** The person who acknowledged first; kept across a reopen, so read only past triggered. */
  acknowledged_by?: { name: string } | null;
}

/**
 * One line on who is paged for an incident, for its row in the list: the people of its newest
 * pages first, each once. What cannot go out is said first (nobody to reach, every try failed):
 * at 3 AM that is the line that matters, and so is a triggered incident that paged nobody (its
 * service has no escalation policy), SEV-4 aside: that one pages nobody by design. Once a person
 * acknowledged, who is on it. Otherwise null when nobody was paged and nothing waits.
 */
export function whoIsPaged(paging: PagingGlance, incident: IncidentGlance): PagedLine | null {
  const latest = new Map<string, PagingGlance['pages'][number]>();
  const newestFirst = [...paging.pages].sort((a, b) => b.created_at.localeCompare(a.created_at));
  for (const p of newestFirst) if (!latest.has(p.user.id)) latest.set(p.user.id, p);
  const pages = [...latest.values()];
  const acker = incident.status !== 'triggered' && incident.acknowledged_by ? incident.acknowledged_by.name : null;
  const onIt: PagedLine | null = acker === null ? null : { tone: 'answered', text: `Acknowledged by ${acker}` };
  if (pages.length === 0) {
    if (paging.escalations.some((e) => e.state === 'waiting')) return { tone: 'later', text: 'Pages in business hours' };
    return incident.status === 'triggered' && incident.severity !== 'SEV-4' && paging.escalations.length === 0 ? { tone: 'nobody', text: 'Nobody paged' } : onIt;
  }
  // Once mitigated the impact is over and paging has stopped: who could not be reached is history.
  const lost = incident.status === 'mitigated' ? [] : pages.filter((p) => p.acknowledged_at === null && (p.notifications.length === 0 || p.notifications.every((n) => n.delivery === 'failed')));
  if (lost.length > 0) return { tone: 'unreachable', text: `Cannot reach ${names(lost.map((p) => p.user.name))}` };
  if (onIt) return onIt;
  const who = names(pages.map((p) => p.user.name));
  if (pages.some((p) => p.acknowledged_at !== null)) return { tone: 'answered', text: `Paged ${who}` };
  return paging.escalations.some((e) => e.state === 'active') ? { tone: 'paging', text: `Paging ${who}` } : { tone: 'answered', text: `Paged ${who}` };
}
